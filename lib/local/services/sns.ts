import { LambdaformError } from '../../core/errors.js';
import type { InputRecord } from '../ledger.js';
import { matchesFilterPolicy } from '../match/filter-policy.js';
import type { PlanSubscription } from '../plan/types.js';
import type { Runtime } from '../runtime.js';

/** SNS's largest message: 256 KiB, body and attributes. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/** An SNS message attribute, as SNS takes it (`Type`: String, Number, String.Array, Binary). */
export interface SnsAttribute {
  readonly Type: string;
  readonly Value: string;
}

/**
 * SNS topics: a published message is delivered to every subscription whose filter policy it
 * matches — a function is invoked asynchronously with the SNS event, a queue gets the SNS
 * envelope (or the message itself with raw message delivery). Each delivery is a new input sent
 * on from the published one, which is then processed; a message no subscription takes is
 * discarded, as SNS drops it. An email address or a URL is outside the app: its delivery is an
 * input (its source the endpoint) processed at once, nothing is sent.
 */
export class TopicService {
  private readonly subscriptions = new Map<string, PlanSubscription[]>();

  public constructor(private readonly rt: Runtime) {
    for (const s of rt.plan.subscriptions) {
      const list = this.subscriptions.get(s.topic) ?? [];
      list.push(s);
      this.subscriptions.set(s.topic, list);
    }
  }

  /**
   * Publishes a message. A `terminal` message carries an input to where it ends (a DLQ topic): its
   * deliveries are not new inputs. False when the topic is not in the plan.
   */
  public publish(
    topicId: string,
    message: string,
    attributes: Readonly<Record<string, SnsAttribute>>,
    input: InputRecord,
    terminal = false,
    subject?: string,
    /** A FIFO topic's message group and deduplication ids; the message id (made here when absent). */
    options: { readonly messageId?: string; readonly groupId?: string; readonly deduplicationId?: string } = {},
  ): boolean {
    const rt = this.rt;
    const topic = rt.plan.topics.find((t) => t.id === topicId);
    if (!topic) return false;
    // SNS refuses a message over 256 KiB, body and attributes (Publish: InvalidParameter), whoever publishes it.
    const size = Buffer.byteLength(message) + Object.entries(attributes).reduce((n, [k, a]) => n + Buffer.byteLength(k) + Buffer.byteLength(a.Type) + Buffer.byteLength(a.Value), 0);
    if (size > SNS_MAX_MESSAGE_BYTES) throw new LambdaformError(topic.id, `a message of ${size} bytes (body and attributes) is larger than SNS's limit (${SNS_MAX_MESSAGE_BYTES} bytes)`, 'local-message-too-large');
    const messageId = options.messageId ?? rt.messageId();
    const timestamp = new Date(rt.sim.epochMs()).toISOString();
    const subs = (this.subscriptions.get(topicId) ?? []).filter((s) => s.filterPolicy === undefined || matchesFilterPolicy(s.filterPolicy, s.filterPolicyScope, { body: message, attributes: { ...attributes } }));
    if (!terminal) {
      if (subs.length === 0) {
        rt.ledger.settle(input, 'discarded', rt.sim.now(), { reason: (this.subscriptions.get(topicId) ?? []).length === 0 ? `${topicId} has no subscriptions` : `matched no subscription's filter policy on ${topicId}` });
        return true;
      }
      rt.ledger.settle(input, 'processed', rt.sim.now());
    }
    const attributeList = Object.entries(attributes);
    for (const s of subs) {
      if (s.endpoint !== undefined) {
        // An email address or a URL, outside the app: the delivery is recorded (a processed input whose source is the endpoint); nothing is sent.
        // (A terminal message carries its input to where it ends: the caller settles it.)
        if (!terminal) rt.ledger.settle(rt.ledger.child(input, s.endpoint), 'processed', rt.sim.now(), { where: `${s.protocol} ${s.endpoint} (outside the app: recorded, not sent)` });
        continue;
      }
      const carrier = terminal ? input : rt.ledger.child(input, s.protocol === 'sqs' ? s.queue! : s.target!.function);
      // A subscription ARN is the topic ARN and the subscription's UUID.
      const h = rt.md5(s.id);
      const subscriptionArn = `${topic.arn}:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
      const signingCertUrl = `https://sns.${rt.plan.region}.amazonaws.com/SimpleNotificationService-${rt.md5(topic.arn)}.pem`;
      const unsubscribeUrl = `https://sns.${rt.plan.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
      const signature = Buffer.from(rt.md5(`${messageId}:${s.id}`).repeat(4), 'hex').toString('base64');
      const messageAttributes = Object.fromEntries(attributeList.map(([k, a]) => [k, { Type: a.Type, Value: a.Value }]));
      if (s.protocol === 'sqs') {
        // The JSON an SQS subscriber gets (as HTTP endpoints do): `Subject` only when the publish
        // had one, `MessageAttributes` only when it had attributes; `...URL` spelled in capitals.
        const body = s.rawMessageDelivery
          ? message
          : JSON.stringify({
              Type: 'Notification',
              MessageId: messageId,
              TopicArn: topic.arn,
              ...(subject !== undefined ? { Subject: subject } : {}),
              Message: message,
              Timestamp: timestamp,
              SignatureVersion: '1',
              Signature: signature,
              SigningCertURL: signingCertUrl,
              UnsubscribeURL: unsubscribeUrl,
              ...(attributeList.length > 0 ? { MessageAttributes: messageAttributes } : {}),
            });
        const sendOptions = (queueId: string) => ({
          ...(rt.queue(queueId).plan.fifo ? { groupId: options.groupId ?? 'sns', deduplicationId: options.deduplicationId ?? messageId } : {}),
          // Raw message delivery: the message attributes become the SQS message's attributes.
          ...(s.rawMessageDelivery ? { attributes: Object.fromEntries(attributeList.map(([k, a]) => [k, { dataType: a.Type, stringValue: a.Value }])) } : {}),
        });
        try {
          rt.sendMessage(s.queue!, body, carrier, { terminal, ...sendOptions(s.queue!) });
        } catch (e) {
          // The queue refused the delivery (larger than its maximum message size): a client-side
          // error, which SNS does not retry; the publish itself succeeded. The message goes to the
          // subscription's dead-letter queue (its RedrivePolicy), else SNS drops it.
          if (!(e instanceof LambdaformError)) throw e;
          this.undeliverable(s, body, carrier, terminal, `SNS could not deliver it to ${s.queue!}: ${e.detail} (a client-side error: not retried)`, sendOptions);
        }
      } else {
        // The Lambda event: `Subject` null when absent, `MessageAttributes` always, `...Url` in camel case.
        const sns = {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: topic.arn,
          Subject: subject ?? null,
          Message: message,
          Timestamp: timestamp,
          SignatureVersion: '1',
          Signature: signature,
          SigningCertUrl: signingCertUrl,
          UnsubscribeUrl: unsubscribeUrl,
          MessageAttributes: messageAttributes,
        };
        const event = { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: subscriptionArn, Sns: sns }] };
        rt.async.enqueue(s.target!, JSON.stringify(event), carrier);
      }
    }
    return true;
  }

  /**
   * A delivery SNS could not make: to the subscription's dead-letter queue (the message as the
   * endpoint would have got it), the input ending there; without one, or when that queue refuses
   * it too, the input is discarded with the reason.
   */
  private undeliverable(s: PlanSubscription, body: string, carrier: InputRecord, terminal: boolean, reason: string, sendOptions: (queueId: string) => Record<string, unknown>): void {
    const rt = this.rt;
    let why = reason;
    if (s.deadLetterQueue !== undefined && rt.plan.queues.some((q) => q.id === s.deadLetterQueue)) {
      try {
        rt.sendMessage(s.deadLetterQueue, body, carrier, { terminal: true, ...sendOptions(s.deadLetterQueue) });
        if (!terminal) rt.ledger.settle(carrier, 'deadLetter', rt.sim.now(), { where: s.deadLetterQueue, reason });
        return;
      } catch (e) {
        if (!(e instanceof LambdaformError)) throw e;
        why = `${reason}; and the subscription's dead-letter queue ${s.deadLetterQueue} refused it too: ${e.detail}`;
      }
    } else why = `${reason}; no subscription dead-letter queue`;
    if (!terminal) rt.ledger.settle(carrier, 'discarded', rt.sim.now(), { reason: why });
  }
}
