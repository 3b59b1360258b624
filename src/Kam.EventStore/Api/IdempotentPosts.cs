using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Http;

namespace Kam.EventStore.Api;

/// <summary>
/// Every POST honours an <c>Idempotency-Key</c> header: a retry with the same key and the same request gets
/// the first response replayed and appends nothing; the same key on a different request is refused (422).
/// The key and the stored response are written by Wolverine in the same PostgreSQL transaction as the
/// request's events, so this holds across restarts, and of two racing retries one commits and the other is
/// answered from it. The key belongs to the caller and the endpoint; keys are honoured for 24 hours.
/// </summary>
public sealed class IdempotentPosts : IHttpPolicy
{
    public const string Header = "Idempotency-Key";

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HttpMethods.Contains("POST")))
        {
            chain.DeduplicatedWithResponse ??= new DeduplicatedWithResponseRequirement
            {
                Scope = DeduplicationScope.User | DeduplicationScope.Endpoint,
                Key = Header,
                Required = false,
                ClaimInTransaction = true,
            };
        }
    }
}
