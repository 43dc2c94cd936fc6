// A real redis-server for the tests that run several nodes: on a free loopback port, in memory only,
// stopped by the test that started it. Debian's package; `.ci/run` installs it. The launcher is the one the
// exercise checker and `npm run cluster` use (server/redis-server.ts).
export { INSTALL_REDIS, requireRedisServer as findRedisServer, startRedisServer as startRedis, type RedisServer } from '../../server/redis-server.ts';
