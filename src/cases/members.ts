// The participant institutes of a joint team and their answers. A participant is
// asked (pending) when it is put on the team, and accepts or declines its part like the
// lead does the case; a joint team is formed once every participant has accepted. A
// decline takes the institute off the team and stays on record for the desk until the
// desk next saves the team. Pure: the services store what these return.

export const MEMBER_STATES = ['pending', 'accepted', 'declined'] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

export type Member = {
  institute: string;
  state: MemberState;
  engineer?: { id: string; name?: string | null } | null;
  reason?: string | null;
  askedAt?: Date | null;
  answeredAt?: Date | null;
};

type StoredMember = { institute?: string | null; state?: string | null } & Partial<Omit<Member, 'institute' | 'state'>>;
type Team = { participants: string[]; members?: StoredMember[] | null };

const isMember = (m: StoredMember): m is Member => !!m.institute && MEMBER_STATES.includes(m.state as MemberState);
const recordsOf = (team: Team) => (team.members ?? []).filter(isMember);

/** A team as the audit and the chat name it: "KETI + KTL". */
export const teamLabel = (lead: string | null | undefined, participants: string[]) =>
  [lead ?? '-', ...participants].join(' + ');

/**
 * A participant's state. Participants put on a team before answers existed have no
 * record: they were on the team without being asked, so they count as accepted.
 */
export function memberState(team: Team, institute: string): MemberState | undefined {
  const record = memberOf(team, institute);
  if (record) return record.state;
  return team.participants.includes(institute) ? 'accepted' : undefined;
}

export function memberOf(team: Team, institute: string): Member | undefined {
  return recordsOf(team).find((m) => m.institute === institute);
}

export const pendingParticipants = (team: Team) =>
  team.participants.filter((code) => memberState(team, code) === 'pending');

export const declinedParticipants = (team: Team) =>
  recordsOf(team).flatMap((m) => (m.state === 'declined' ? [m.institute] : []));

/**
 * The member records for a new participant list: those still on the team keep their
 * answers, new ones are asked. Declines stay on record unless the desk has just saved
 * the team itself (`deskSaved`), which is its answer to them.
 */
export function membersFor(team: Team, participants: string[], now: Date, deskSaved = false): Member[] {
  const kept = participants.map((institute): Member => {
    const state = memberState(team, institute);
    if (state === 'accepted' || state === 'pending') return memberOf(team, institute) ?? { institute, state };
    return { institute, state: 'pending', askedAt: now };
  });
  const declines = deskSaved
    ? []
    : recordsOf(team).filter((m) => m.state === 'declined' && !participants.includes(m.institute));
  return [...kept, ...declines];
}
