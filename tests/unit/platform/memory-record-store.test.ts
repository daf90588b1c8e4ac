// Unit tests of the in-memory RecordStore (tests/support/memory-records.ts): the RecordStore contract, the same one
// the DynamoDB adapter passes on DynamoDB Local (tests/adapters/dynamodb-record-store.test.ts).
import { describe } from "vitest";
import { memoryRecordStore } from "../../support/memory-records.ts";
import { recordStoreContract } from "../../support/record-store-contract.ts";

describe("memoryRecordStore", () => {
  recordStoreContract(async () => {
    const store = memoryRecordStore();
    return { store, another: () => memoryRecordStore(store.table) };
  });
});
