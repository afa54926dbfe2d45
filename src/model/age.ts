// Ages read like kubectl's so that what kdeck shows matches what a colleague
// pastes from `kubectl get` (k8s.io/apimachinery/pkg/util/duration.HumanDuration).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** kubectl's HumanDuration: about two significant figures, e.g. "59s", "3m20s", "5h2m", "3d4h", "400d", "3y12d". */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '<invalid>';
  // Go truncates toward zero; up to 2s in the future is clock skew, not an error.
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * How long humanDuration(ms) keeps reading the same: the smallest unit its text
 * shows at that duration, less what has passed of it. Tables redraw ages once a
 * second; this lets them skip the rows whose age text cannot have changed.
 */
export function humanDurationStableFor(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) return SECOND;
  const hours = ms / HOUR;
  const unit = ms < 10 * MINUTE ? SECOND : hours < 8 ? MINUTE : hours < 24 * 8 ? HOUR : hours < 24 * 365 * 8 ? 24 * HOUR : 365 * 24 * HOUR;
  return unit - (ms % unit);
}

/** Milliseconds since the epoch of an RFC 3339 timestamp, or 0 when missing or unparsable. */
export function parseTimestamp(timestamp: string | undefined): number {
  if (!timestamp) return 0;
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? 0 : t;
}

/** Age of an object as kubectl prints it; "<unknown>" when the timestamp is missing. */
export function age(timestamp: string | undefined, now: number): string {
  const t = parseTimestamp(timestamp);
  if (t === 0) return '<unknown>';
  return humanDuration(now - t);
}
