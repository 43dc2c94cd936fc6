// Plays a lesson's cast for real: connects every client, lets the sender act, and reports who received
// what. The lesson-check (the lab performs a scenario's emit) and the exercise checker (the student's
// handler runs) differ only in how clients connect and what the sender does.
import { LAB_EVENT } from '../core/emit-rules.ts';
import type { LabPayload } from '../core/lab-contract.ts';
import type { Delivery, HandlerRuns } from '../core/lessons.ts';
import type { Cast, Scenario, ScenarioClient } from '../core/scenario.ts';
import type { ChatServer } from './chat.ts';

/** A client of the cast, connected for real. */
export interface CastMember {
  name: string;
  id: string;
  /** Disconnects, and resolves once the server has seen it go. */
  close(): Promise<void>;
}

/** What the sender's action caused, asked of each member once it is known for sure. */
export interface ActionOutcome<Member extends CastMember> {
  /** How many times the member received it. */
  times(member: Member): number;
  /** For an emit with an acknowledgement: whether the member's answer did not come back in time. */
  timedOut?(member: Member): boolean;
  /** How many times the member's own handler for it ran (its listeners socket.io-client called). */
  handled?(member: Member): number;
}

export interface ScenarioRun {
  /** Every client, in the cast's order. */
  deliveries: Delivery[];
  /** The names of those that received it. */
  receivers: string[];
  /** The names of those whose acknowledgement timed out. */
  unanswered: string[];
  /** Every client, in the cast's order: how many times its handler ran (0 when the action has no handler to count). */
  handled: HandlerRuns[];
}

export async function runScenario<Member extends CastMember>(
  cast: Cast,
  connect: (client: ScenarioClient) => Promise<Member>,
  act: (sender: Member, socketIdOf: (name: string) => string) => Promise<ActionOutcome<Member>>,
): Promise<ScenarioRun> {
  const connecting = await Promise.allSettled(cast.clients.map(connect));
  const members = connecting.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
  try {
    const failed = connecting.find((attempt) => attempt.status === 'rejected');
    if (failed) throw failed.reason;
    const byName = new Map(members.map((member) => [member.name, member]));
    const socketIdOf = (name: string) => byName.get(name)!.id;
    const outcome = await act(byName.get(cast.sender)!, socketIdOf);
    const deliveries = members.map((member) => ({ name: member.name, times: outcome.times(member) }));
    return {
      deliveries,
      receivers: deliveries.filter((delivery) => delivery.times > 0).map((delivery) => delivery.name),
      unanswered: members.filter((member) => outcome.timedOut?.(member) ?? false).map((member) => member.name),
      handled: members.map((member) => ({ name: member.name, runs: outcome.handled?.(member) ?? 0 })),
    };
  } finally {
    await Promise.all(members.map((member) => member.close()));
  }
}

/**
 * Makes a scenario's node call (lesson 12) on the sender's node, `io` being that node's server: the very lines
 * scenarioCode shows. Calls that cross nodes go through the adapter, as the lab's emits do.
 */
export async function performNodeCall(io: ChatServer, scenario: Scenario, payload: LabPayload): Promise<void> {
  const room = scenario.room ?? '';
  switch (scenario.call) {
    case 'io.local':
      if (scenario.room === undefined) io.local.emit(LAB_EVENT, payload);
      else io.local.to(room).emit(LAB_EVENT, payload);
      return;
    case 'fetchSockets':
      for (const socket of await io.in(room).fetchSockets()) socket.emit(LAB_EVENT, payload);
      return;
    case 'socketsJoin':
      io.in(scenario.joins ?? '').socketsJoin(room);
      io.to(room).emit(LAB_EVENT, payload);
      return;
    case undefined:
      throw new Error('this scenario has no node call: the lab performs its variant');
  }
}
