import type { EmulatorStore } from './store';

/**
 * The emulator's seeded workspace. Ids and names come from Intercom's own documentation examples,
 * so the examples in those pages work against the emulator as they are written.
 */
export const SEED = {
  /** The workspace ("app") the access token belongs to, as `GET /me` shows it. */
  workspace: { idCode: 'serenity0emulator', name: 'Serenity (emulator)', createdAt: 1400000000 },
  admins: {
    wash: { id: '394051', name: 'Wash', email: 'email@example.com', jobTitle: 'Pilot' },
    zoe: { id: '814860', name: 'Zoe', email: 'zoe@example.com', jobTitle: 'First mate' },
  },
  /** Teams conversations can be assigned to (the id is the one Intercom's admin example shows). */
  teams: {
    crew: { id: '814865', name: 'Crew' },
  },
  users: {
    ponies: {
      id: '536e564f316c83104c000020',
      externalId: '25',
      email: 'winstonsmith@truth.org',
      name: 'Winston Smith',
    },
    thisLand: {
      id: '5310d8e8598c9a0b24000005',
      externalId: '26',
      email: 'julia@truth.org',
      name: 'Julia',
    },
    glaucon: {
      id: '5989303470da497b1babb9ef',
      externalId: '27',
      email: 'glaucon@republic.org',
      name: 'Glaucon',
    },
    socrates: {
      id: '5e5e5e5e5e5e5e5e5e000001',
      externalId: '399',
      email: 'socrates@email.com',
      name: 'Socrates',
    },
    unsubscribed: {
      id: '5e5e5e5e5e5e5e5e5e000002',
      externalId: '400',
      email: 'no-emails-please@example.com',
      name: 'Bartleby',
    },
  },
  lead: {
    id: '5e5e5e5e5e5e5e5e5e000003',
    externalId: 'lead-7b1c',
    email: 'curious-lead@example.com',
    name: 'Curious Lead',
  },
  visitor: {
    id: '5e5e5e5e5e5e5e5e5e000004',
    externalId: 'visitor-3f9a',
    name: 'Anonymous Visitor',
  },
} as const;

export function seedStore(store: EmulatorStore): void {
  for (const admin of Object.values(SEED.admins)) store.addAdmin(admin);
  for (const team of Object.values(SEED.teams)) store.addTeam(team);
  const created = 1400000000;
  for (const user of Object.values(SEED.users)) {
    store.addContact({
      ...user,
      role: 'user',
      pinned: true,
      createdAt: created,
      unsubscribedFromEmails: user.id === SEED.users.unsubscribed.id,
    });
  }
  store.addContact({ ...SEED.lead, role: 'lead', pinned: true, createdAt: created });
  store.addContact({ ...SEED.visitor, role: 'visitor', pinned: true, createdAt: created });
}
