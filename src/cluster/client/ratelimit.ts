/**
 * client-go's client-side rate limiter. Every request of a clientset waits for a token first
 * (rest.Request.tryThrottle). The limiter is flowcontrol.NewTokenBucketRateLimiter(qps, burst),
 * a golang.org/x/time/rate Limiter: it starts full with `burst` tokens and refills `qps` tokens a
 * second up to `burst`. A request that finds no token reserves the next one and waits for it, so
 * waiting requests leave one every 1/qps seconds in the order they came.
 *
 * This is why a Deployment scaled to 100 replicas does not get its pods at once. The
 * ReplicaSet controller's clientset has kube-controller-manager's --kube-api-qps=20 and
 * --kube-api-burst=30, and its pod creates and its Events share that bucket.
 *
 * Tokens are counted in thousandths (1 token = 1000 units, refilled `qps` units a millisecond) so
 * that integer qps and integer virtual milliseconds never leave a rounding residue.
 */

/** The defaults of the components' clientsets (kubernetes v1.32). */
export const CLIENT_RATE_LIMITS = {
  /** kube-controller-manager --kube-api-qps / --kube-api-burst (k8s.io/controller-manager config/v1alpha1 defaults.go): one bucket per controller's clientset. */
  controllerManager: { qps: 20, burst: 30 },
  /** KubeSchedulerConfiguration clientConnection (pkg/scheduler/apis/config/v1 defaults.go); its Events have a clientset of their own with the same limits. */
  scheduler: { qps: 50, burst: 100 },
  /** KubeletConfiguration kubeAPIQPS / kubeAPIBurst (defaults since v1.27). The node lease goes on a heartbeat client with no limit (QPS -1). */
  kubelet: { qps: 50, burst: 100 },
  /** KubeletConfiguration eventRecordQPS / eventBurst: the kubelet's Events have their own clientset. */
  kubeletEvents: { qps: 50, burst: 100 },
} as const;

export interface TokenBucket {
  qps: number;
  /** Tokens the bucket holds when full. */
  burst: number;
  /** Thousandths of a token, as of `atMs`; negative while requests are waiting. */
  units: number;
  atMs: number;
}

const UNITS_PER_TOKEN = 1000;

/** A full bucket (rate.NewLimiter starts with `burst` tokens). `qps` and `burst` must be positive integers. */
export function createTokenBucket(qps: number, burst: number): TokenBucket {
  if (!Number.isInteger(qps) || qps <= 0 || !Number.isInteger(burst) || burst <= 0) throw new Error(`token bucket: qps and burst must be positive integers, got qps=${qps} burst=${burst}`);
  return { qps, burst, units: burst * UNITS_PER_TOKEN, atMs: 0 };
}

/**
 * Takes one token at `nowMs` and returns how many milliseconds the request waits for it: 0 when
 * the bucket had one, otherwise until the refill reaches the token it reserved (rate.Limiter
 * reserveN: the tokens go negative, and the wait is their deficit over the rate).
 */
export function reserveToken(b: TokenBucket, nowMs: number): number {
  const refilled = Math.min(b.burst * UNITS_PER_TOKEN, b.units + Math.max(0, nowMs - b.atMs) * b.qps);
  b.units = refilled - UNITS_PER_TOKEN;
  b.atMs = Math.max(b.atMs, nowMs);
  return b.units >= 0 ? 0 : Math.ceil(-b.units / b.qps);
}
