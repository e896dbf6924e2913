// A playbook definition as a tree the graph draws: steps in order, with the lanes of if/switch
// (branches), parallel (lanes that run together) and forEach (a loop body).

export interface GraphNode {
  id: string;
  kind: 'action' | 'approval' | 'if' | 'switch' | 'parallel' | 'forEach' | 'wait' | 'playbook' | 'set' | 'fail' | 'unknown';
  label: string;
  lanes: { label: string; nodes: GraphNode[] }[];
}

type Json = Record<string, unknown>;

export function toGraph(definition: unknown): GraphNode[] {
  const steps = (definition as Json | null)?.steps;
  return Array.isArray(steps) ? steps.map(toNode) : [];
}

function list(v: unknown): GraphNode[] {
  return Array.isArray(v) ? v.map(toNode) : [];
}

function toNode(raw: unknown): GraphNode {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Json;
  const id = typeof s.id === 'string' ? s.id : '?';
  const node = (kind: GraphNode['kind'], label: string, lanes: GraphNode['lanes'] = []): GraphNode => ({
    id,
    kind,
    label,
    lanes,
  });
  if (typeof s.action === 'string') return node('action', s.action);
  if (s.approval && typeof s.approval === 'object') {
    const prompt = (s.approval as Json).prompt;
    return node('approval', typeof prompt === 'string' ? prompt : 'approval');
  }
  if (typeof s.if === 'string') {
    return node('if', s.if, [
      { label: 'then', nodes: list(s.then) },
      { label: 'else', nodes: list(s.else) },
    ]);
  }
  if (typeof s.switch === 'string') {
    const cases = s.cases && typeof s.cases === 'object' ? (s.cases as Json) : {};
    const lanes = Object.entries(cases).map(([k, v]) => ({ label: k, nodes: list(v) }));
    if (s.default !== undefined) lanes.push({ label: 'default', nodes: list(s.default) });
    return node('switch', s.switch, lanes);
  }
  if (Array.isArray(s.parallel)) {
    const join = s.join === 'any' ? 'first to finish' : 'all';
    return node(
      'parallel',
      `parallel (${join})`,
      s.parallel.map((b, i) => ({ label: `lane ${i + 1}`, nodes: list(b) })),
    );
  }
  if (s.forEach !== undefined) {
    const c = typeof s.concurrency === 'number' && s.concurrency > 1 ? `, ${s.concurrency} at a time` : '';
    return node('forEach', `for each ${String(s.forEach)}${c}`, [{ label: 'each item', nodes: list(s.do) }]);
  }
  if (s.wait && typeof s.wait === 'object') {
    const w = s.wait as Json;
    return node('wait', `wait ${String(w.duration ?? w.until ?? '')}`);
  }
  if (typeof s.playbook === 'string') return node('playbook', `run ${s.playbook}`);
  if (s.set && typeof s.set === 'object') return node('set', 'set ' + Object.keys(s.set).join(', '));
  if (typeof s.fail === 'string') return node('fail', 'fail: ' + s.fail);
  return node('unknown', 'step');
}

/** Every step id in the tree, depth first (to find a clicked step's state). */
export function stepIds(nodes: GraphNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...n.lanes.flatMap((l) => stepIds(l.nodes))]);
}
