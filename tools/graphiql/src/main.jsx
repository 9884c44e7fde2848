// The GraphQL IDE the API serves on GET /graphql: GraphiQL with a fetcher of our own (HTTP for queries and
// mutations, graphql-transport-ws for subscriptions, both on the page's own /graphql). The page passes its
// settings in data- attributes of #graphiql, so it needs no inline script (the CSP allows none).
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { getOperationAST, parse, print } from 'graphql';
import { createClient } from 'graphql-ws';
import 'graphiql/style.css';
import './ide.css';

const root = document.getElementById('graphiql');
const endpoint = new URL(root.dataset.endpoint || '/graphql', window.location.href);
const socketUrl = new URL(endpoint);
socketUrl.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
const token = root.dataset.token;
const pageHeaders = token ? { Authorization: `Bearer ${token}` } : {};
const headersText = token ? JSON.stringify(pageHeaders, null, 2) : undefined;

function authorizationOf(headers) {
  for (const [name, value] of Object.entries(headers || {})) {
    if (name.toLowerCase() === 'authorization' && typeof value === 'string') {
      return value;
    }
  }
  return undefined;
}

function isSubscription(params) {
  try {
    const operation = getOperationAST(parse(params.query), params.operationName || undefined);
    return operation?.operation === 'subscription';
  } catch {
    return false; // the server names the syntax error
  }
}

// One socket per token: a new token in the headers editor opens a new socket, since the token goes in connection_init.
let socket;
function socketFor(authorization) {
  if (!socket || socket.authorization !== authorization) {
    socket?.client.dispose();
    const client = createClient({
      url: socketUrl.href,
      lazy: true,
      retryAttempts: 0,
      connectionParams: authorization ? { authorization } : {},
    });
    socket = { client, authorization };
  }
  return socket.client;
}

async function postAsync(params, headers) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      ...headers,
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text}` }] };
  }
}

function describe(problem) {
  if (typeof problem?.code !== 'number') {
    return String(problem?.message ?? problem);
  }
  if (problem.code === 1006) {
    return 'The WebSocket could not be opened (1006); outside Development, add this page\'s origin to GraphQL:WebSocket:AllowedOrigins.';
  }
  return `The WebSocket was closed (${problem.code})${problem.reason ? `: ${problem.reason}` : ''}`;
}

async function* subscribe(params, authorization) {
  try {
    yield* socketFor(authorization).iterate(params);
  } catch (problem) {
    // graphql-ws rejects with the operation's GraphQL errors, or with a CloseEvent: 4403 for a refused token, 1006
    // when the handshake failed (outside Development, an origin missing from GraphQL:WebSocket:AllowedOrigins).
    yield { errors: Array.isArray(problem) ? problem : [{ message: describe(problem) }] };
  }
}

function fetcher(params, options) {
  // GraphiQL fetches the schema before its headers editor exists, so with no headers at all: the page's own.
  const headers = options?.headers ?? (params.operationName === 'IntrospectionQuery' ? pageHeaders : {});
  return isSubscription(params) ? subscribe(params, authorizationOf(headers)) : postAsync(params, headers);
}

function pretty(query) {
  try {
    return print(parse(query));
  } catch {
    return query;
  }
}

// GET /graphql?query=... in a browser opens that query in the editor.
const linked = new URLSearchParams(window.location.search).get('query') || undefined;

createRoot(root).render(
  <GraphiQL
    fetcher={fetcher}
    query={linked}
    defaultQuery={root.dataset.query ? pretty(root.dataset.query) : undefined}
    headers={headersText}
    defaultHeaders={headersText}
    defaultEditorToolsVisibility={headersText ? 'headers' : undefined}
  />,
);
