import { adminNotFound } from '../errors';
import { ok, type RouteHandler } from '../context';
import { adminJson } from '../serializers';

export const listAdmins: RouteHandler = (_request, { store }) =>
  ok({ type: 'admin.list', admins: [...store.admins.values()].map(adminJson) });

export const getAdmin: RouteHandler = (request, { store }) => {
  const admin = store.admins.get(request.params.id ?? '');
  if (!admin) throw adminNotFound();
  return ok(adminJson(admin));
};
