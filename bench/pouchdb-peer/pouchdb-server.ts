/*
 * The peer's server: express-pouchdb (the HTTP layer of pouchdb-server, CouchDB's replication
 * protocol) over PouchDB with the in-memory adapter, in its "minimum for PouchDB" mode (which
 * includes its gzip compression of answers). Pure JavaScript: no leveldown to build. Started by
 * notes-sync.bench.ts with PORT; prints "ready" once the `notes` database exists.
 */
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import memoryAdapter from 'pouchdb-adapter-memory';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

PouchDB.plugin(memoryAdapter).plugin(httpAdapter).plugin(mapreduce).plugin(replication);
const MemoryPouchDB = PouchDB.defaults({ adapter: 'memory' });

const app = express();
app.use(
  '/',
  expressPouchDB(MemoryPouchDB, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    logPath: '/dev/null',
  }),
);
await new MemoryPouchDB('notes').info();
app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
