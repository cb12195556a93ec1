// Change stamps: one small document per name (a list key, a month) whose token is
// replaced by every change to what the name covers. A reader that cached something
// built from the database at token T knows it is still current while the token is T.
//
// The token is a fresh random value, never a counter: FerretDB applies `$inc` as a
// read and a write, so two concurrent changes could both move 5 to 6 and a cache built
// between them would look current. Two different writes never leave the same token.
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { isDuplicateKey } from '../errors';

type Stamp = { _id: string; token: string };

export type Stamps = {
  /**
   * The current token of `name`. A name without a stamp gets one first: a cache built
   * before the stamps were lost (a database emptied or restored) must not look current.
   */
  read(name: string): Promise<string>;
  /** Gives each name a new token; call after the change is written. */
  restamp(names: Iterable<string>): Promise<void>;
};

export function stampsIn(collection: string): Stamps {
  const stamps = () => mongoose.connection.collection<Stamp>(collection);
  const restampOne = async (name: string): Promise<void> => {
    const token = randomUUID();
    try {
      await stamps().updateOne({ _id: name }, { $set: { token } }, { upsert: true });
    } catch (error) {
      // Two first stamps of a name at once: one inserts, the other updates.
      if (!isDuplicateKey(error)) throw error;
      await stamps().updateOne({ _id: name }, { $set: { token } });
    }
  };
  const read = async (name: string): Promise<string> => {
    const token = (await stamps().findOne({ _id: name }))?.token;
    if (token) return token;
    await restampOne(name);
    return read(name);
  };
  return {
    read,
    restamp: async (names) => void (await Promise.all([...new Set(names)].map(restampOne))),
  };
}
