import type { ScenarioBlock } from '../../core/lessons.ts';
import { scenarioRequest } from '../../core/scenario.ts';
import { runScenario, type ScenarioRun } from '../../server/scenario-runner.ts';
import { ROUTE_VARIANT } from '../../core/emit-rules.ts';
import { broadcastFromRoute, labClient } from './lab-client.ts';
import type { TestServer } from './sockets.ts';

/** Runs a lesson's scenario block on the playground: its clients connect as lab clients, and the sender asks the lab for the emit. */
export function runLessonScenario(server: Pick<TestServer, 'url' | 'io'>, scenario: ScenarioBlock): Promise<ScenarioRun> {
  return runScenario(scenario, (client) => labClient(server, client), async (sender, socketIdOf) => {
    const request = scenarioRequest(scenario, socketIdOf);
    // The route's broadcast has no sender socket: it is asked of the server over HTTP, as the page does.
    const reply = request.variant === ROUTE_VARIANT ? (await broadcastFromRoute(server.url, request.room ?? '')).body : await sender.perform(request);
    if (!reply.ok) throw new Error(`the lab refused ${scenario.variant}: ${reply.error}`);
    const { result } = reply;
    // The lab answers once every client has settled, so each client's hellos are final by now.
    return {
      times: (member) => member.hellos.filter((hello) => hello.emit === result.emit).length,
      timedOut: (member) => result.outcomes.find((outcome) => outcome.socketId === member.id)?.ack === 'timed out',
      handled: (member) => member.handled(result.emit),
    };
  });
}
