import type { ScenarioBlock } from '../../core/lessons.ts';
import { scenarioRequest } from '../../core/scenario.ts';
import { performNodeCall, runScenario, type ScenarioRun } from '../../server/scenario-runner.ts';
import { ROUTE_VARIANT } from '../../core/emit-rules.ts';
import { broadcastFromRoute, labClient, type LabClient } from './lab-client.ts';
import { startRedis } from './redis.ts';
import { startTestServer, type TestServer } from './sockets.ts';

/** Numbers the hellos of node calls apart from the lab's own emits, which count from 1. */
const NODE_CALL_EMITS_FROM = 1_000_000;
let nodeCalls = 0;

/**
 * Runs a lesson's scenario block on the playground: its clients connect as lab clients, and the sender asks the lab for the emit.
 * A scenario on several nodes runs on nodes of its own, on a Redis of its own, each client on its node.
 */
export async function runLessonScenario(server: Pick<TestServer, 'url' | 'io'>, scenario: ScenarioBlock): Promise<ScenarioRun> {
  if (scenario.nodes === undefined) return runOn([server], scenario);
  const redis = await startRedis();
  const nodes: TestServer[] = [];
  try {
    for (let node = 1; node <= scenario.nodes; node++) nodes.push(await startTestServer({ redisUrl: redis.url, nodeName: `node-${node}` }));
    return await runOn(nodes, scenario);
  } finally {
    await Promise.all(nodes.map((node) => node.stop()));
    await redis.stop();
  }
}

async function runOn(nodes: Pick<TestServer, 'url' | 'io'>[], scenario: ScenarioBlock): Promise<ScenarioRun> {
  const nodeOf = (name: string) => nodes[(scenario.clients.find((client) => client.name === name)?.node ?? 1) - 1]!;
  return runScenario(scenario, (client) => labClient(nodeOf(client.name), client), async (sender, socketIdOf) => {
    if (scenario.call !== undefined) return nodeCall(nodeOf(sender.name), sender, scenario);
    const request = scenarioRequest(scenario, socketIdOf);
    // The route's broadcast has no sender socket: it is asked of the server over HTTP, as the page does.
    const reply = request.variant === ROUTE_VARIANT ? (await broadcastFromRoute(nodeOf(sender.name).url, request.room ?? '')).body : await sender.perform(request);
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

/** Makes the node call on the sender's node, then has the lab settle a socket.emit after it: every node's clients have their hellos by then. */
async function nodeCall(node: Pick<TestServer, 'io'>, sender: LabClient, scenario: ScenarioBlock) {
  const emit = NODE_CALL_EMITS_FROM + ++nodeCalls;
  await performNodeCall(node.io, scenario, { emit, from: sender.name });
  const settled = await sender.perform({ variant: 'socket.emit' });
  if (!settled.ok) throw new Error(`the lab refused the socket.emit that settles ${scenario.call}: ${settled.error}`);
  return {
    times: (member: LabClient) => member.hellos.filter((hello) => hello.emit === emit).length,
    handled: (member: LabClient) => member.handled(emit),
  };
}
