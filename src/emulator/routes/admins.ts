import { adminNotFound } from '../errors';
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
    avatar: {
      type: 'avatar',
      image_url: 'https://static.intercomassets.com/assets/default-avatars/admins/128.png',
    },
    app: {
      type: 'app',
      id_code: SEED.workspace.idCode,
      name: SEED.workspace.name,
      created_at: SEED.workspace.createdAt,
      secure: false,
      identity_verification: false,
      timezone: 'UTC',
      region: 'US',
    },
  });
};
