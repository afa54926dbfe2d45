// Writes that apply only to the deployment the user was looking at. The
// change carries the resourceVersion seen when the prompt opened, so the
// server refuses it (409) if anything was written since; then kdeck reads the
// deployment again and decides: if what the user decided on still holds (only
// status moved, as it does all the time), the same change is sent again with
// the new resourceVersion; if not, nothing is applied and the user is told.
import type { Deployment } from '../model/types.js';
import { ActionError, type KubeActions } from '../sources/kube/actions.js';

export interface Seen {
  namespace: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
}

/** Status-only conflicts in a row before giving up; a deployment mid-rollout rewrites its status often. */
const ATTEMPTS = 4;

/**
 * Runs `write` with the resourceVersion to send. `changed` looks at the
 * deployment as the server has it now and names what differs from what the
 * user saw (undefined: nothing that matters). Rejects with one line.
 */
export async function writeUnlessChanged<T>(
  actions: KubeActions,
  seen: Seen,
  changed: (fresh: Deployment) => string | undefined,
  write: (resourceVersion: string | undefined) => Promise<T>,
): Promise<T> {
  const key = `${seen.namespace}/${seen.name}`;
  let rv = seen.resourceVersion;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(rv);
    } catch (err) {
      if (!(err instanceof ActionError)) throw err;
      if (err.status === 404) throw new Error(`deployment ${key} was deleted; nothing was applied`);
      if (err.status !== 409) throw err;
    }
    let fresh: Deployment;
    try {
      fresh = await actions.getDeployment(seen.namespace, seen.name);
    } catch (err) {
      if (err instanceof ActionError && err.status === 404) throw new Error(`deployment ${key} was deleted; nothing was applied`);
      throw err;
    }
    if (seen.uid && fresh.metadata.uid && fresh.metadata.uid !== seen.uid) {
      throw new Error(`deployment ${key} was deleted and created again since you opened it; nothing was applied`);
    }
    const what = changed(fresh);
    if (what) throw new Error(`deployment ${key} changed on the server since you opened it (${what}); nothing was applied — look again and retry`);
    if (attempt >= ATTEMPTS) {
      throw new Error(`deployment ${key} changed on the server since you opened it (it keeps changing); nothing was applied — retry`);
    }
    rv = fresh.metadata.resourceVersion;
  }
}
