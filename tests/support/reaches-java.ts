// Test support: the control case of tests/unit/tier-boundary.test.ts — a module that reaches DynamoDB Local (Java).
export { startDynamoDbLocal } from "../../local/dynamodb.ts";
