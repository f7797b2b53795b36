import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../kernel/trace.ts';
import { MAX_FLIGHTS, requestFlights } from './traffic.ts';

const ipvs = (id: number, t: number): TraceRecord => ({ id, t, source: 'default/client', kind: 'traffic.ipvs', summary: 'worker-2: IPVS 10.96.5.5:80/TCP → 10.244.1.3:9376', data: { node: 'worker-2', virtualServer: '10.96.5.5:80/TCP' } });
const http = (id: number, t: number, cause?: number): TraceRecord => ({ id, t, source: 'default/client', kind: 'traffic.http', summary: 'GET 10.244.1.3:9376/ on worker-1 (default/web-1): 200', ...(cause !== undefined ? { cause } : {}), data: { fromHost: 'worker-2', toHost: 'worker-1', pod: 'default/web-1', status: 200 } });

describe('requestFlights', () => {
  it('draws a request from the client node to the answering pod, through the IPVS node that chose it', () => {
    const flights = requestFlights([ipvs(1, 1000), http(2, 1000, 1)], 1500, 2000);
    expect(flights).toEqual([{ key: 'req2', fromHost: 'worker-2', viaHost: 'worker-2', toHost: 'worker-1', pod: 'default/web-1', status: 200, progress: 0.25, summary: 'default/client → default/web-1: GET 10.244.1.3:9376/ on worker-1 (default/web-1): 200' }]);
  });

  it('finds the IPVS hop behind a flannel hop', () => {
    const flannel: TraceRecord = { id: 2, t: 1000, source: 'default/client', kind: 'traffic.flannel', summary: 'worker-2 → worker-1: 10.244.1.3 via flannel.1 (VXLAN to 10.0.0.31:8472)', cause: 1, data: { from: 'worker-2', to: 'worker-1' } };
    expect(requestFlights([ipvs(1, 1000), flannel, http(3, 1000, 2)], 1000, 2000)[0]).toMatchObject({ viaHost: 'worker-2', fromHost: 'worker-2', toHost: 'worker-1' });
  });

  it('a request older than the span, or one to a pod IP (no IPVS hop), is handled; the newest MAX_FLIGHTS are kept', () => {
    expect(requestFlights([http(2, 1000)], 3001, 2000)).toEqual([]);
    expect(requestFlights([http(2, 1000)], 1000, 2000)[0]).toMatchObject({ viaHost: null, progress: 0 });
    const many = Array.from({ length: 100 }, (_, i) => http(i, 1000 + i));
    const flights = requestFlights(many, 1100, 2000);
    expect(flights).toHaveLength(MAX_FLIGHTS);
    expect(flights.at(-1)!.key).toBe('req99');
  });
});
