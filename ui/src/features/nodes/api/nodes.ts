import { api } from '../../../lib/api-client';

export interface VigilNode {
  id: string;
  kind: 'api' | 'worker';
  version: string;
  host: string;
  pid: number;
  startedAt: string;
  heartbeatAt: string;
  /** alive, or lost when it has not beaten for three intervals */
  state: 'alive' | 'lost';
  /** its own health endpoint's status: UP, DOWN, OUT_OF_SERVICE, UNKNOWN */
  health: string;
  taskQueues: string[];
  details: Record<string, unknown>;
}

export interface NodesPage {
  items: VigilNode[];
  now: string;
  lostAfterSeconds: number;
}

export const listNodes = () => api.get<NodesPage>('/api/v1/nodes');

/** Lost and unhealthy nodes first (they need someone), then api before worker, then by host. */
export function sortNodes(items: VigilNode[]): VigilNode[] {
  const trouble = (n: VigilNode) => (n.state === 'lost' ? 2 : n.health !== 'UP' ? 1 : 0);
  return [...items].sort((a, b) => trouble(b) - trouble(a) || a.kind.localeCompare(b.kind) || a.host.localeCompare(b.host));
}

/** "3 alive · 1 lost" */
export function summary(items: VigilNode[]): string {
  const lost = items.filter((n) => n.state === 'lost').length;
  const down = items.filter((n) => n.state === 'alive' && n.health !== 'UP').length;
  return [`${items.length - lost} alive`, lost ? `${lost} lost` : null, down ? `${down} unhealthy` : null].filter(Boolean).join(' · ');
}
