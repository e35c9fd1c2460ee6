import { adminNotFound, badParameter, notFound } from '../errors';
import { ok, type RouteHandler } from '../context';
import { SEED } from '../seed';
import { adminJson } from '../serializers';

export const listAdmins: RouteHandler = (_request, { store }) =>
  ok({ type: 'admin.list', admins: [...store.admins.values()].map(adminJson) });

export const getAdmin: RouteHandler = (request, { store }) => {
  const admin = store.admins.get(request.params.id ?? '');
  if (!admin) throw adminNotFound();
  return ok(adminJson(admin));
};

/** The admin the access token belongs to (the first seeded admin) and its workspace. */
export const identifyAdmin: RouteHandler = (_request, { store }) => {
  const admin = store.admins.get(SEED.admins.wash.id);
  if (!admin) throw adminNotFound();
  return ok({
    ...adminJson(admin),
    // Declared for `/me` (admin_with_app), not for other admin answers.
    email_verified: true,
    avatar: {
      type: 'avatar',
      image_url: 'https://static.intercomassets.com/assets/default-avatars/admins/128.png',
    },
    app: {
      type: 'app',
      id_code: SEED.workspace.idCode,
      name: SEED.workspace.name,
      created_at: SEED.workspace.createdAt,
      identity_verification: false,
      timezone: 'UTC',
      region: 'US',
    },
  });
};

const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * `GET /admins/activity_logs` (2.x): the emulator records no admin activity, so the log is an
 * empty page; `created_at_after` is required as Intercom requires it. Before this route, the
 * path was read as an admin id.
 */
export const listActivityLogs: RouteHandler = (request) => {
  if (request.version.major === 1) throw notFound('Resource Not Found');
  for (const name of ['created_at_after', 'created_at_before']) {
    const value = request.query.get(name);
    if (value === null && name === 'created_at_before') continue;
    if (value === null || value.length > 12 || !UNIX_SECONDS.test(value)) {
      throw badParameter(`${name} must be a UNIX timestamp`);
    }
  }
  return ok({
    type: 'activity_log.list',
    pages: { type: 'pages', page: 1, per_page: 20, total_pages: 1 },
    activity_logs: [],
  });
};
