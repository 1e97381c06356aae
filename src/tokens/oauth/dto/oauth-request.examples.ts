import type { ExamplesObject } from '@nestjs/swagger';
import { GRANT_TYPES } from '../../clients/service-client';
import { ACCESS_TOKEN_TYPE } from './oauth-token-response.dto';

/*
 * The request examples of the OAuth endpoints, one per way of calling them, for "Try it out".
 * Each authenticates the client with HTTP Basic (the Authorize button) unless it says otherwise:
 * RFC 6749 §2.3 allows one client authentication per request, so no example sends `client_id`
 * and `client_secret` besides one that uses them instead of Basic.
 */

const CLIENT_ID = 'Zk3mV9xQ2bT7cN1pL5sR8w';
const CLIENT_SECRET = 'mF8x2wq6Q0mJkq3Vt8G1bOe2yR4n9sXcLhA7uPzD5kE';
const ACCESS_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIuLi4ifQ.c2ln';
const REFRESH_TOKEN = 'mF8x2wq6Q0mJkq3Vt8G1bOe2yR4n9sXcLhA7uPzD5kE';

/** `POST /oauth/token`: RFC 6749 §4.4, §2.3.1, §4.3, §6 and RFC 8693 §2.1. */
export const TOKEN_REQUEST_EXAMPLES: ExamplesObject = {
  client_credentials: {
    summary: 'client_credentials (the client authenticates with Basic)',
    value: { grant_type: GRANT_TYPES.clientCredentials },
  },
  client_secret_post: {
    summary: 'client_credentials, the client authenticating in the body (leave Authorize empty)',
    value: {
      grant_type: GRANT_TYPES.clientCredentials,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    },
  },
  password: {
    summary: 'password (a client registered with that grant)',
    value: {
      grant_type: GRANT_TYPES.password,
      username: 'ada.lovelace',
      password: 'correct horse battery staple',
    },
  },
  refresh_token: {
    summary: 'refresh_token: spend the refresh token of a password grant',
    value: { grant_type: GRANT_TYPES.refreshToken, refresh_token: REFRESH_TOKEN },
  },
  token_exchange: {
    summary: 'Token exchange: a token acting for the user whose access token it presents',
    value: {
      grant_type: GRANT_TYPES.tokenExchange,
      subject_token: ACCESS_TOKEN,
      subject_token_type: ACCESS_TOKEN_TYPE,
    },
  },
};

/** `POST /oauth/introspect` (RFC 7662 §2.1) and `POST /oauth/revoke` (RFC 7009 §2.1). */
export const TOKEN_HINT_REQUEST_EXAMPLES: ExamplesObject = {
  access_token: {
    summary: 'An access token',
    value: { token: ACCESS_TOKEN, token_type_hint: 'access_token' },
  },
  refresh_token: {
    summary: 'A refresh token',
    value: { token: REFRESH_TOKEN, token_type_hint: 'refresh_token' },
  },
};
