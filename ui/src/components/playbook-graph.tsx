import type { GraphNode } from './playbook-graph-model';

/** The playbook drawn top to bottom; lanes side by side; each step coloured by its status. */
export function PlaybookGraph(props: {
  nodes: GraphNode[];
  status?: Record<string, string>;
  selected?: string | null;
  onSelect?: (stepId: string) => void;
}) {
  if (props.nodes.length === 0) return <p className="muted">No steps to draw yet.</p>;
  return (
    <div className="graph" role="tree" aria-label="playbook graph">
      <Sequence {...props} />
    </div>
  );
}

function Sequence(props: {
  nodes: GraphNode[];
  status?: Record<string, string>;
  selected?: string | null;
  onSelect?: (stepId: string) => void;
}) {
  return (
    <ol className="graph-seq">
      {props.nodes.map((n) => (
        <li key={n.id} className="graph-item">
          <button
            type="button"
            role="treeitem"
            className={`graph-node kind-${n.kind} status-${props.status?.[n.id] ?? 'pending'}${
              props.selected === n.id ? ' selected' : ''
            }`}
            onClick={() => props.onSelect?.(n.id)}
            title={`${n.id}: ${props.status?.[n.id] ?? 'pending'}`}
            data-step={n.id}
            data-status={props.status?.[n.id] ?? 'pending'}
          >
            <span className="graph-id">{n.id}</span>
            <span className="graph-label">{n.label}</span>
            <span className="graph-status">{props.status?.[n.id] ?? 'pending'}</span>
          </button>
          {n.lanes.length > 0 && (
            <div className={`graph-lanes lanes-${n.kind}`}>
              {n.lanes.map((l) => (
                <div className="graph-lane" key={l.label}>
                  <div className="graph-lane-label">{l.label}</div>
                  {l.nodes.length ? <Sequence {...props} nodes={l.nodes} /> : <div className="muted small">nothing</div>}
                </div>
              ))}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
