/**
 * The items CRUD function. The DynamoDB client is created once per container and reused by every request;
 * its endpoint comes from the SDK's own resolution (AWS_ENDPOINT_URL_DYNAMODB points it at a local server).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { httpHandler, type RequestHandler } from "../shared/handler";
import { router } from "../shared/router";
import { itemActions } from "./actions";
import { ItemRepository } from "./repository";

const tableName = process.env.TABLE_NAME;

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** Without a table every request is a 500 whose log line says why, instead of a failed cold start. */
const misconfigured: RequestHandler = () => {
  throw new Error("environment variable TABLE_NAME is not set: the stack must pass the items table name");
};

export const handler = httpHandler(
  tableName ? router(itemActions(new ItemRepository(documentClient, tableName))) : misconfigured,
);
