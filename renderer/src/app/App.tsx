import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { useJobsStore } from '../features/jobs/jobs-store';
import { api } from '../platform/api';
import { connectPushEvents } from '../platform/push-events';
import { AppShell } from './AppShell';
import { createQueryClient } from './query-client';

export function App() {
  const [queryClient] = useState(createQueryClient);

  useEffect(() => connectPushEvents(api, queryClient, { report: (progress) => useJobsStore.getState().report(progress) }), [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <Router hook={useHashLocation}>
        <AppShell />
      </Router>
    </QueryClientProvider>
  );
}
