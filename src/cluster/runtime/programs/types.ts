/**
 * The contract between container programs and the container runtime that runs them.
 *
 * A program is plain data (structuredClone-able: no closures, no generators, no class instances),
 * because the whole world is checkpointed. The runtime drives it: `runProgram` runs it until it
 * blocks and says on what (a Syscall); the runtime waits in virtual time or does the network
 * call, then `resumeProgram` hands back the result and `runProgram` goes on. Everything is
 * deterministic: a program never reads a clock or randomness except through its context.
 */

/** What the runtime knows about the process it starts (the container's resolved config). */
export interface ProgramSpec {
  /** As written in the pod spec, e.g. `busybox:1.28`, `registry.k8s.io/e2e-test-images/agnhost:2.40`. */
  image: string;
  /** The container's `command` (overrides the image ENTRYPOINT) and `args` (override CMD). */
  command?: string[];
  args?: string[];
  /** Environment, already resolved (pod env + image env); includes HOSTNAME. */
  env: Record<string, string>;
}

/** A container's own filesystem: absolute path → file content. Directories are implied by paths. */
export interface ContainerFs {
  files: Record<string, string>;
}

/** What a program blocks on. */
export type Syscall =
  /** Wake me after `ms` of virtual time (sleep, or a server's next scheduled change). */
  | { kind: 'sleep'; ms: number }
  /** The process ended with this code (0 = success). */
  | { kind: 'exit'; code: number }
  /** Nothing to do until a signal or a request arrives (a server, `sleep infinity`, `tail -f`). */
  | { kind: 'idle' }
  /** An HTTP GET (wget/curl); resume with an HttpResult. */
  /** `ip`: the address the client resolved the URL's host to (it connects there; the URL keeps the name for the Host header). */
  | { kind: 'http'; url: string; timeoutMs: number; ip?: string; headers?: Record<string, string> }
  /** A DNS lookup (a URL's host name); resume with a DnsResult. */
  | { kind: 'dns'; name: string }
  /** A DNS tool's whole run (nslookup, dig) against the pod's resolver; resume with a DnsToolResult. */
  | { kind: 'dnstool'; tool: DnsTool; argv: string[] };

export type DnsTool = 'busybox-nslookup' | 'bind-nslookup' | 'dig';
/** What a DNS tool printed, its exit code, and how long it waited on servers that did not answer. */
export interface DnsToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  waitedMs: number;
}

/** What the network hands back to a blocked program. */
export type NetworkResult = HttpResult | DnsResult | DnsToolResult;

/** An HTTP exchange as the client sees it; `servedBy` names the pod (or host) that answered, for the tools that report it (`sim load`). */
export type HttpResult =
  | {
      ok: true;
      status: number;
      body: string;
      servedBy?: string;
      /** The response header lines as the server sent them, in order (curl -v prints them), when the server's headers are modelled. */
      headers?: [string, string][];
      /** The status line's reason phrase when the server's differs from the standard one (nginx: `503 Service Temporarily Unavailable`). */
      reason?: string;
      /** The status line's protocol when it is not HTTP/1.1 (Go's answer to plain HTTP on a TLS port is HTTP/1.0). */
      protocol?: 'HTTP/1.0';
      /** Served over TLS. No public CA signed any of the cluster's certificates, so a client that verifies fails with this OpenSSL error (curl without -k). */
      tls?: { verifyError: 'unable to get local issuer certificate' | 'self-signed certificate' };
      /** The answer comes this long after the request (a proxy that first waited out an upstream's connect timeout); absent: at once. */
      delayMs?: number;
    }
  | { ok: false; error: string };
export type DnsResult =
  | {
      ok: true;
      name: string;
      addresses: string[];
      server: string;
      /** Optional: the DNS server's PTR name (`kube-dns.kube-system.svc.cluster.local`), which busybox 1.28's nslookup prints. */
      serverName?: string;
    }
  | { ok: false; error: string; server: string; serverName?: string };

/** What the program sees of its surroundings while it runs. */
export interface ProgramContext {
  nowMs: number;
  fs: ContainerFs;
  /** Appends to the container's log (kubectl logs), one call per line, without the newline. */
  write(stream: 'stdout' | 'stderr', line: string): void;
  /**
   * Other processes in the same container by name (`nginx -s quit`, `killall -0 nginx`, `kill 1`):
   * sends `sig` (0 = only test existence) and returns how many processes matched.
   */
  signalByName(name: string, sig: Signal | 0): number;
  /**
   * Optional: this process's pid in the container (1 for the main process). Absent means 1.
   * Only PID 1 ignores signals it has no handler for (pid_namespaces(7)); `$$` prints it.
   */
  pid?: number;
  /** Optional: `kill PID` from a shell; returns false when no process has that pid. */
  signalPid?(pid: number, sig: Signal | 0): boolean;
  /** Optional: the container's processes, for `ps`. */
  processes?(): { pid: number; comm: string; args: string[] }[];
}

export type Signal = 'TERM' | 'KILL' | 'QUIT' | 'INT' | 'HUP';

/** An HTTP request to a port of the container (httpGet probes and hooks, curl from elsewhere). */
export interface HttpRequest {
  port: number;
  path: string;
  /** Request headers (probes send `User-Agent: kube-probe/1.32`). */
  headers?: Record<string, string>;
  /** Optional: the client's address, for access logs (`10.244.1.1`); the node's IP for probes. */
  clientIp?: string;
}

export type HttpResponse = { status: number; body: string; headers?: [string, string][] };

/** The opaque, plain-data state of one process. Its shape belongs to programs/. */
export interface ProcessState {
  /** The program's name as `ps`/`killall` see it (`sh`, `nginx`, `agnhost`, `perl`, ...). */
  comm: string;
  startedAtMs: number;
  /** Set once the process has exited. */
  exitCode: number | null;
  [k: string]: unknown;
}
