// Runs the graphql-http audit suite (every MUST, SHOULD and MAY of the GraphQL-over-HTTP
// spec) against a running service and prints one JSON line per audit.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node graphql-http-audit.mjs http://host:port/graphql');
  process.exit(2);
}
const results = await auditServer({ url, fetchFn: fetch });
for (const result of results) {
  console.log(JSON.stringify({ id: result.id, name: result.name, status: result.status, reason: result.reason ?? null }));
}
