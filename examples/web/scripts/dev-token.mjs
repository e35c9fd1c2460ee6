// `npm run token -- --sub 25 --contact 536e564f316c83104c000020 --scope "messages:read conversations:read"`
// `npm run token -- --sub wash --admins 394051 --scope "messages:admin messages:bulk"` (an admin; Bulk)
// Signs a short-lived HS256 token for a gateway started with GATEWAY_AUTH=jwt and the same
// GATEWAY_JWT_SECRET (and issuer/audience when set). For development only: production tokens come
// from your identity provider.
import { parseArgs, TextEncoder } from 'node:util';
import { SignJWT } from 'jose';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    contact: { type: 'string' },
    admins: { type: 'string' },
    scope: { type: 'string', default: 'messages:read conversations:read' },
    minutes: { type: 'string', default: '60' },
  },
});
const secret = process.env.GATEWAY_JWT_SECRET;
if (!secret || !values.sub) {
  process.stderr.write(
    'Set GATEWAY_JWT_SECRET (as the gateway has it) and pass --sub <your user id>.\n',
  );
  process.exit(1);
}
const claims = {
  scope: values.scope,
  ...(values.contact ? { intercom_contact_id: values.contact } : {}),
  ...(values.admins ? { intercom_admin_ids: values.admins.split(',') } : {}),
};
let jwt = new SignJWT(claims)
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject(values.sub)
  .setIssuedAt()
  .setExpirationTime(`${Number(values.minutes)}m`);
if (process.env.GATEWAY_JWT_ISSUER) jwt = jwt.setIssuer(process.env.GATEWAY_JWT_ISSUER);
if (process.env.GATEWAY_JWT_AUDIENCE) jwt = jwt.setAudience(process.env.GATEWAY_JWT_AUDIENCE);
process.stdout.write(`${await jwt.sign(new TextEncoder().encode(secret))}\n`);
