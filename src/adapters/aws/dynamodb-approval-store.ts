import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApprovalRecord, ApprovalStore } from '../../ports/approvals.js';
import { awsCall } from './errors.js';

const key = (incidentId: string, step: string) => ({ pk: `${incidentId}#${step}` });

/** Approval records in DynamoDB; settling is conditional on the record still being pending. */
export class DynamoDbApprovalStore implements ApprovalStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor({ client, table }: { client: DynamoDBDocumentClient; table: string }) {
    this.client = client;
    this.table = table;
  }

  async put(record: ApprovalRecord): Promise<void> {
    await awsCall('dynamodb:PutItem', () =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key(record.incidentId, record.step), ...record },
        }),
      ),
    );
  }

  async create(record: ApprovalRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key(record.incidentId, record.step), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(incidentId: string, step: string): Promise<ApprovalRecord | undefined> {
    const out = await awsCall('dynamodb:GetItem', () =>
      this.client.send(
        new GetCommand({ TableName: this.table, Key: key(incidentId, step), ConsistentRead: true }),
      ),
    );
    if (!out.Item) return undefined;
    const { pk: _, ...record } = out.Item;
    return record as ApprovalRecord;
  }

  async settle(
    incidentId: string,
    step: string,
    update: Pick<ApprovalRecord, 'status' | 'decidedBy' | 'decidedAt'>,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(incidentId, step),
          UpdateExpression: 'SET #s = :s, decidedBy = :by, decidedAt = :at',
          ConditionExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':s': update.status,
            ':by': update.decidedBy ?? null,
            ':at': update.decidedAt ?? null,
            ':pending': 'pending',
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async addApproval(incidentId: string, step: string, slackUserId: string, email: string): Promise<boolean> {
    const person = email.toLowerCase();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(incidentId, step),
          UpdateExpression:
            'SET approvedBy = list_append(if_not_exists(approvedBy, :none), :me), approverEmails = list_append(if_not_exists(approverEmails, :none), :mine)',
          ConditionExpression:
            '#s = :pending AND NOT contains(approvedBy, :user) AND NOT contains(approverEmails, :person)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':none': [],
            ':me': [slackUserId],
            ':mine': [person],
            ':user': slackUserId,
            ':person': person,
            ':pending': 'pending',
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async claim(incidentId: string, step: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(incidentId, step),
          UpdateExpression: 'SET claimedAt = :at',
          ConditionExpression: '#s = :approved AND attribute_not_exists(claimedAt)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':at': at, ':approved': 'approved' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
