/**
 * Image references as containerd and the kubelet parse them (github.com/distribution/reference:
 * normalize.go ParseNormalizedNamed, reference.go Parse, ParseDockerRef): `nginx` →
 * `docker.io/library/nginx:latest`. An invalid reference gets the kubelet's message
 * (pkg/kubelet/images/image_manager.go): `Failed to apply default image tag "<image>": couldn't
 * parse image reference "<image>": <reason>`. Both the kubelet (InvalidImageName, before any pull)
 * and the registry use it, so it lives with the API's shared vocabulary.
 */
// ---------------------------------------------------------------------------------------------
// Reference grammar (distribution/reference regexp.go).

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(`^((?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME_RE = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const NAME_TOTAL_LENGTH_MAX = 255;

/** splitDockerDomain (normalize.go): the registry host, or docker.io with `library/` for one-element names. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { domain: DEFAULT_DOMAIN, remainder: OFFICIAL_REPO_PREFIX + name };
  const maybeDomain = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain = DEFAULT_DOMAIN;
  let remainder = name;
  if (maybeDomain === LEGACY_DEFAULT_DOMAIN) remainder = rest;
  else if (maybeDomain === 'localhost' || /[.:]/.test(maybeDomain) || maybeDomain.toLowerCase() !== maybeDomain) {
    domain = maybeDomain;
    remainder = rest;
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/** The error ParseNormalizedNamed returns for `image`, or the parsed parts. */
function parseNormalizedNamed(image: string): { repository: string; tag: string | null; digest: string | null } | { err: string } {
  if (/^[a-f0-9]{64}$/.test(image)) return { err: `invalid repository name (${image}), cannot specify 64-byte hexadecimal strings` };
  const { domain, remainder } = splitDockerDomain(image);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return { err: `invalid reference format: repository name (${remote}) must be lowercase` };
  const full = `${domain}/${remainder}`;
  const m = REFERENCE_RE.exec(full);
  if (!m) return { err: REFERENCE_RE.test(full.toLowerCase()) ? 'repository name must be lowercase' : 'invalid reference format' };
  const name = ANCHORED_NAME_RE.exec(m[1]!);
  if ((name?.[2] ?? m[1]!).length > NAME_TOTAL_LENGTH_MAX) return { err: `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters` };
  const digest = m[3] ?? null;
  if (digest) {
    const [algorithm, hex] = digest.split(':') as [string, string];
    if (algorithm !== 'sha256' && algorithm !== 'sha384' && algorithm !== 'sha512') return { err: 'unsupported digest algorithm' };
    const want = { sha256: 64, sha384: 96, sha512: 128 }[algorithm];
    if (hex.length !== want || !/^[a-f0-9]+$/.test(hex)) return { err: 'invalid checksum digest length' };
  }
  return { repository: m[1]!, tag: m[2] ?? null, digest };
}

/**
 * Normalises an image reference as containerd does (ParseDockerRef): `nginx` →
 * `docker.io/library/nginx:latest`; a digest wins over a tag (`repo@sha256:…`, tag '').
 */
export function qualifyImage(image: string): { reference: string; repository: string; tag: string } | { error: string } {
  const parsed = parseNormalizedNamed(image);
  if ('err' in parsed) return { error: `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": ${parsed.err}` };
  if (parsed.digest) return { reference: `${parsed.repository}@${parsed.digest}`, repository: parsed.repository, tag: '' };
  const tag = parsed.tag ?? 'latest';
  return { reference: `${parsed.repository}:${tag}`, repository: parsed.repository, tag };
}

