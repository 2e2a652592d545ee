// The Bot Framework's side of authentication, played by nock: signing keys, OpenID metadata, and tokens as Microsoft signs them.
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import nock from 'nock';

export const APP_ID = '3f0c2a9e-5b1d-4c7e-9a8f-1e2d3c4b5a69';
export const PASSWORD = 'app-password-that-must-never-be-logged';
export const OUTBOUND_TOKEN = 'outbound-token-that-must-never-be-logged';
export const ISSUER = 'https://api.botframework.com';
export const KID = 'test-key-1';
export const WEBCHAT_KID = 'test-key-webchat-only';

export const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const webchatKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The adapter settings that go with these keys. */
export const AUTHENTICATED = {
  local: false,
  appId: APP_ID,
  appPassword: PASSWORD,
  appType: 'MultiTenant',
} as const;

const b64url = (x: string | Buffer) => Buffer.from(x).toString('base64url');

/** A JWT as the Bot Framework signs them (RS256) for `serviceUrl`, with the claims a test wants to get wrong. */
export function token(
  serviceUrl: string,
  claims: Record<string, unknown> = {},
  opts: { kid?: string; key?: KeyObject; alg?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: opts.alg ?? 'RS256', typ: 'JWT', kid: opts.kid ?? KID };
  const payload = {
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: serviceUrl,
    nbf: now - 60,
    iat: now - 60,
    exp: now + 3600,
    ...claims,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  if (opts.alg === 'none') return `${input}.`;
  return `${input}.${sign('sha256', Buffer.from(input), opts.key ?? key.privateKey).toString('base64url')}`;
}

const jwk = (k: KeyObject, kid: string, endorsements: string[]) => ({
  ...k.export({ format: 'jwk' }),
  kid,
  use: 'sig',
  endorsements,
});

/** The Bot Framework's OpenID metadata and keys, and Entra's token endpoint for outbound calls. */
export function nockMicrosoft() {
  nock('https://login.botframework.com')
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    })
    .get('/v1/.well-known/keys')
    .reply(200, {
      keys: [jwk(key.publicKey, KID, ['msteams']), jwk(webchatKey.publicKey, WEBCHAT_KID, ['webchat'])],
    });
  nock('https://login.microsoftonline.com')
    .persist()
    .post('/botframework.com/oauth2/v2.0/token')
    .query(true)
    .reply(200, {
      token_type: 'Bearer',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: OUTBOUND_TOKEN,
    });
}
