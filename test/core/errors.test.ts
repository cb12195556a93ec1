// Which errors mean "the database cannot be reached right now" (answered 503 everywhere).
import { expect } from 'chai';
import mongoose from 'mongoose';
import { isDatabaseUnavailable } from '../../src/core/errors';

const { MongoBulkWriteError, MongoNetworkError, MongoServerError } = mongoose.mongo;

describe('database-unavailable errors', () => {
  it('recognises network failures however the driver wraps them', () => {
    const reset = new MongoBulkWriteError(
      { message: 'read ECONNRESET', code: 6, writeErrors: [] } as never,
      { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0 } as never,
    );
    expect(isDatabaseUnavailable(reset), 'bulk write around a reset connection').to.equal(true);
    expect(isDatabaseUnavailable(new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed'))).to.equal(true);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(new Error('query failed', { cause: refused })), 'a cause two layers down').to.equal(
      true,
    );
    expect(isDatabaseUnavailable(new Error('Connection pool for 127.0.0.1:27017 was cleared'))).to.equal(true);
  });

  it('leaves other errors alone', () => {
    expect(isDatabaseUnavailable(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).to.equal(
      false,
    );
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).to.equal(false);
    expect(isDatabaseUnavailable('ECONNRESET')).to.equal(false);
  });
});
