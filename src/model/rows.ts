// The rows of each table view, built from the normalized resource maps.
export type { ViewKind, Scope, ObjectRef, Row } from './row.js';
export { compareNameKeys } from './row.js';
export { podRows } from './rows-pods.js';
export { deploymentRows } from './rows-deployments.js';
export { namespaceRows } from './rows-namespaces.js';
export { imageRows, podWorkload } from './rows-images.js';
export { podsInScope } from './scope.js';
