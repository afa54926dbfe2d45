// metav1.Status failures with the apiserver's reasons and message shapes.

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: { reason: string; message: string; field: string }[] };
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
  ) {
    super(message);
  }

  toStatus(): StatusBody {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, ...(this.details ? { details: this.details } : {}), code: this.code };
  }
}

/** "pods" or "deployments.apps": how the apiserver names a resource in messages. */
export function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const notFound = (resource: string, group: string, name: string) =>
  new ApiError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, { name, ...(group ? { group } : {}), kind: resource });

export const conflict = (resource: string, group: string, name: string) =>
  new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });

export const alreadyExists = (resource: string, group: string, name: string) =>
  new ApiError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, { name, ...(group ? { group } : {}), kind: resource });

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

export interface FieldError {
  field: string;
  type: 'Invalid' | 'Required' | 'Forbidden';
  value?: unknown;
  detail?: string;
}

function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    return `map[string]string{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`)
      .join(', ')}}`;
  }
  return String(v);
}

function fieldMessage(e: FieldError): string {
  if (e.type === 'Required') return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`;
  if (e.type === 'Forbidden') return `${e.field}: Forbidden: ${e.detail ?? ''}`;
  return `${e.field}: Invalid value: ${goValue(e.value)}: ${e.detail ?? ''}`;
}

/** 422 with the "Kind.group "name" is invalid: ..." message and per-field causes. */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): ApiError {
  const msgs = errs.map(fieldMessage);
  const list = msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualified(kind, group)} "${name}" is invalid: ${list}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes: errs.map((e) => ({ reason: `FieldValue${e.type}`, message: fieldMessage(e).slice(e.field.length + 2), field: e.field })),
  });
}
