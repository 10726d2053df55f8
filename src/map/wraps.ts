import { callsGlobalFetch } from '../lang/javascript/read.js';
import type { FileReading } from '../lang/types.js';

/** External dependencies a module can wrap: the resilience candidates of `map generate`. */
export type WrapKind = 'database' | 'cache' | 'http' | 'queue' | 'storage';

export const WRAP_KINDS: readonly WrapKind[] = ['database', 'cache', 'http', 'queue', 'storage'];

const PY: Record<WrapKind, string[]> = {
  database: [
    'sqlalchemy',
    'sqlmodel',
    'psycopg',
    'psycopg2',
    'asyncpg',
    'aiopg',
    'pymysql',
    'MySQLdb',
    'mysql.connector',
    'aiomysql',
    'sqlite3',
    'aiosqlite',
    'peewee',
    'tortoise',
    'databases',
    'pymongo',
    'motor',
    'cassandra',
    'django.db',
    'neo4j',
    'duckdb',
    'clickhouse_driver',
    'oracledb',
    'cx_Oracle',
    'pyodbc',
    'elasticsearch',
    'opensearchpy',
  ],
  cache: ['redis', 'aioredis', 'pymemcache', 'memcache', 'pylibmc', 'django.core.cache', 'walrus'],
  http: ['requests', 'httpx', 'aiohttp', 'urllib3', 'urllib.request', 'http.client', 'pycurl', 'treq', 'grpc', 'zeep'],
  queue: ['celery', 'kombu', 'pika', 'aio_pika', 'kafka', 'confluent_kafka', 'aiokafka', 'rq', 'dramatiq', 'nats', 'google.cloud.pubsub', 'google.cloud.pubsub_v1', 'paho'],
  storage: ['boto3', 'botocore', 'aioboto3', 'google.cloud.storage', 'azure.storage', 'minio', 's3fs'],
};

const JS: Record<WrapKind, string[]> = {
  database: [
    'pg',
    'pg-pool',
    'postgres',
    'mysql',
    'mysql2',
    'sqlite3',
    'better-sqlite3',
    '@prisma/client',
    'typeorm',
    'sequelize',
    'knex',
    'mongoose',
    'mongodb',
    'drizzle-orm',
    'kysely',
    '@planetscale/database',
    '@neondatabase/serverless',
    '@elastic/elasticsearch',
  ],
  cache: ['redis', 'ioredis', '@redis/client', 'memcached', '@upstash/redis', 'keyv'],
  http: ['axios', 'node-fetch', 'got', 'undici', 'ky', 'superagent', 'cross-fetch', 'isomorphic-fetch', 'needle', 'ofetch', '@grpc/grpc-js'],
  queue: ['amqplib', 'kafkajs', 'bull', 'bullmq', 'bee-queue', '@aws-sdk/client-sqs', 'nats', 'mqtt'],
  storage: ['@aws-sdk/client-s3', 'aws-sdk', '@google-cloud/storage', '@azure/storage-blob', 'minio'],
};

function kindOf(name: string, table: Record<WrapKind, string[]>, sep: string): WrapKind | null {
  for (const k of WRAP_KINDS) if (table[k].some((lib) => name === lib || name.startsWith(`${lib}${sep}`))) return k;
  return null;
}

/**
 * What a module wraps, from its per-file facts (src/lang/facts.ts): Python imports (anywhere in the
 * file, also inside functions) of client libraries; JavaScript/TypeScript imports of client
 * libraries, and calls of the global fetch. Imports erased at run time do not count.
 */
export function wrapsOf(language: string, reading: FileReading, text: string): WrapKind[] {
  const out = new Set<WrapKind>();
  for (const imp of reading.imports) {
    if (imp.kind === 'type-only') continue;
    if (language === 'python') {
      if (imp.specifier.startsWith('.')) continue;
      for (const n of imp.names ? [imp.specifier, ...imp.names.map((x) => `${imp.specifier}.${x}`)] : [imp.specifier]) {
        const k = kindOf(n, PY, '.');
        if (k) out.add(k);
      }
    } else if (language === 'javascript') {
      const k = kindOf(imp.specifier, JS, '/');
      if (k) out.add(k);
    }
  }
  if (language === 'javascript' && callsGlobalFetch(text)) out.add('http');
  return WRAP_KINDS.filter((k) => out.has(k));
}

/** Failure modes a candidate starts with; the team edits them. */
export const FAILURE_MODES: Record<WrapKind, string[]> = {
  database: ['database unavailable', 'connection pool exhaustion', 'slow queries'],
  cache: ['cache unavailable', 'stale or lost entries'],
  http: ['remote service unavailable', 'timeouts'],
  queue: ['broker unavailable', 'messages lost or delivered twice'],
  storage: ['object store unavailable', 'credentials expired'],
};
