// The parts of client-node kdeck uses, named so the bundler keeps only these
// (a dynamic import of the package itself would carry all of it, 16 MB of
// generated API code). credentials.ts and transport.ts import this file
// dynamically, only for kubeconfigs that need client-node.
export { HttpMethod, KubeConfig, RequestContext } from '@kubernetes/client-node';
