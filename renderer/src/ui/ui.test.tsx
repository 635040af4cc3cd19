// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuorumCallError } from '../platform/call';
import { ErrorState } from './ErrorState';
import { StatusBadge } from './StatusBadge';
import { TabPanel, Tabs } from './Tabs';

afterEach(cleanup);

describe('ErrorState', () => {
  it('shows the core’s message, its code and advice, and retries', () => {
    const onRetry = vi.fn();
    const error = new QuorumCallError('models.list', { code: 'unavailable', message: 'Quorum’s server did not answer.' });
    render(<ErrorState title="Could not load the models" error={error} onRetry={onRetry} />);
    expect(screen.getByRole('alert', { name: 'Could not load the models' })).toBeTruthy();
    expect(screen.getByText('Quorum’s server did not answer.')).toBeTruthy();
    expect(screen.getByText('Error code: unavailable')).toBeTruthy();
    expect(screen.getByText(/Check that Quorum is still running/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });
});

describe('StatusBadge', () => {
  it('always carries a word, not colour alone', () => {
    render(<StatusBadge tone="unknown" label="Not evaluated" />);
    expect(screen.getByText('Not evaluated')).toBeTruthy();
  });
});

function TabsHarness() {
  const [selected, setSelected] = useState<'a' | 'b' | 'c'>('a');
  const items = [
    { id: 'a', label: 'Alpha' },
    { id: 'b', label: 'Beta' },
    { id: 'c', label: 'Gamma' },
  ] as const;
  return (
    <>
      <Tabs label="Sample" items={items} selected={selected} onSelect={setSelected} idPrefix="t" />
      <TabPanel idPrefix="t" id={selected}>
        Panel {selected}
      </TabPanel>
    </>
  );
}

describe('Tabs', () => {
  it('wires tabs to their panel and moves with the arrow keys', () => {
    render(<TabsHarness />);
    const alpha = screen.getByRole('tab', { name: 'Alpha' });
    expect(alpha.getAttribute('aria-selected')).toBe('true');
    expect(alpha.tabIndex).toBe(0);
    expect(screen.getByRole('tab', { name: 'Beta' }).tabIndex).toBe(-1);
    expect(screen.getByRole('tabpanel', { name: 'Alpha' }).textContent).toBe('Panel a');

    fireEvent.keyDown(alpha, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Beta' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Beta' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' });
    expect(screen.getByRole('tabpanel', { name: 'Gamma' }).textContent).toBe('Panel c');
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Alpha' }).getAttribute('aria-selected')).toBe('true');
  });
});
