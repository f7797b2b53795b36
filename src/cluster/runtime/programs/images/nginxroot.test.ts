/**
 * The nginx image's document root (the Debian package's /usr/share/nginx/html: index.html, the
 * welcome page of that nginx version, and 50x.html), laid into nginx containers only.
 */
import { describe, expect, it } from 'vitest';
import { fiftyX, nginxDocumentRoot, welcomePage } from './nginx.ts';

describe('nginxDocumentRoot', () => {
  it('gives an nginx image its index.html for its version and 50x.html; other images nothing', () => {
    const root = nginxDocumentRoot(['docker.io/library/nginx:1.27'], ['PATH=/usr/bin', 'NGINX_VERSION=1.27.3']);
    expect(root).toEqual({ '/usr/share/nginx/html/50x.html': fiftyX(), '/usr/share/nginx/html/index.html': welcomePage('1.27.3') });
    // Before 1.21 the welcome page had no color-scheme style.
    expect(nginxDocumentRoot(['docker.io/library/nginx@sha256:abc'], ['NGINX_VERSION=1.14.2-1~stretch'])['/usr/share/nginx/html/index.html']).not.toContain('color-scheme');
    expect(nginxDocumentRoot(['registry.k8s.io/ingress-nginx/controller:v1.14.3'], [])).toEqual({});
  });
});
