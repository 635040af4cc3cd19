import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { StatusBadge } from '../../ui/StatusBadge';
import { TEAM_STATE } from './labels';
import { teamStatusQuery } from './queries';
import './team.css';

/** The top bar's team database state, only when one is configured; links to its settings. */
export function TeamStatusIndicator() {
  const status = useQuery(teamStatusQuery());
  if (!status.data || status.data.state === 'not-configured') return null;
  const state = TEAM_STATE[status.data.state];
  return (
    <Link href="/settings" className="team-indicator" title={`Team database: ${state.explanation}`}>
      <span className="visually-hidden">Team database:</span>
      <StatusBadge tone={state.tone} label={state.label} icon={state.icon} />
    </Link>
  );
}
