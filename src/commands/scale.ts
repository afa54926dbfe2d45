// `s` on a deployment: prompt for replicas, confirm "from → to", patch the
// scale subresource, then follow the rollout until ready replicas settle.
import type { Session } from './session.js';
import type { Row } from '../model/rows.js';
import { parseReplicas } from '../model/replicas.js';
import { requestMutation } from './gate.js';
import { flash } from './navigation.js';
import { follow } from './tracking.js';
import { writeUnlessChanged } from './precondition.js';
import type { KdeckState, Tracking } from '../store/state.js';

export function startScale(session: Session, row: Row | undefined): void {
  const store = session.store;
  if (!row || row.ref.kind !== 'Deployment') return;
  const ns = row.ref.namespace!;
  const name = row.ref.name;
  const d = store.getState().resources.deployments.get(`${ns}/${name}`);
  if (!d) {
    flash(store, `deployment ${ns}/${name} is gone`, 'error');
    return;
  }
  const from = d.spec?.replicas ?? 1;
  const seen = { namespace: ns, name, uid: d.metadata.uid, resourceVersion: d.metadata.resourceVersion };
  store.setState({
    mode: 'prompt',
    dialog: {
      kind: 'prompt',
      title: `scale deployment ${ns}/${name} (now ${from}) to:`,
      subject: { namespace: ns, name },
      input: String(from),
      submit: (text) => {
        const parsed = parseReplicas(text);
        if (!parsed.ok) return parsed.error;
        const to = parsed.value;
        requestMutation(store, {
          verb: 'scale',
          target: `deployment ${ns}/${name}`,
          subject: { namespace: ns, name },
          lines: [`replicas ${from} → ${to}`],
          run: async () => {
            // "from → to" was confirmed; if someone else changed the count meanwhile, that decision no longer holds.
            const actions = session.actions();
            await writeUnlessChanged(
              actions,
              seen,
              (fresh) => ((fresh.spec?.replicas ?? 1) === from ? undefined : `replicas are now ${fresh.spec?.replicas ?? 1}, not ${from}`),
              (resourceVersion) => actions.scale(ns, name, to, { resourceVersion }),
            );
            return `scaled ${ns}/${name}: ${from} → ${to}`;
          },
          after: () => follow(store, deploymentSettles(ns, name, to)),
        });
      },
    },
  });
}

function deploymentSettles(ns: string, name: string, to: number): Tracking {
  const key = `${ns}/${name}`;
  return {
    key: `scale:${key}`,
    label: `scaling ${key} to ${to}`,
    progress: (s: KdeckState) => {
      const st = s.resources.deployments.get(key)?.status;
      return `scaling ${key} to ${to}: ${st?.readyReplicas ?? 0}/${to} ready`;
    },
    done: (s: KdeckState) => {
      const d = s.resources.deployments.get(key);
      if (!d) return `${key} was deleted`;
      const st = d.status ?? {};
      const settled = (st.readyReplicas ?? 0) === to && (st.replicas ?? 0) === to && (st.updatedReplicas ?? 0) === to;
      return settled ? `${key}: ${to}/${to} ready` : undefined;
    },
  };
}
