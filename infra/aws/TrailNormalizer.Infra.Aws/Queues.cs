using Amazon.CDK;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// The ingest queue and its dead-letter queue. SQS-managed SSE rather than a customer key: EventBridge and S3 can
/// deliver to it without key-policy grants, and the messages are pointers and events that end up in encrypted evidence.
/// </summary>
public sealed class Queues : Construct
{
    public const int MaxReceiveCount = 5;

    public Queues(Construct scope, string id, Duration visibilityTimeout) : base(scope, id)
    {
        DeadLetterQueue = new Queue(this, "DeadLetter", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            RetentionPeriod = Duration.Days(14),
            EnforceSSL = true,
        });

        Queue = new Queue(this, "Ingest", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            VisibilityTimeout = visibilityTimeout,
            RetentionPeriod = Duration.Days(4),
            EnforceSSL = true,
            DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetterQueue, MaxReceiveCount = MaxReceiveCount },
        });
    }

    public Queue Queue { get; }

    public Queue DeadLetterQueue { get; }
}
