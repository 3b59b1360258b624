using Kam.EventStore.Commitments;
using Marten.Exceptions;

namespace Kam.EventStore.Tests.Api;

/// <summary>A creation that loses a race to a concurrent one answers the rule its own endpoint would: registered on each write model.</summary>
public sealed class DuplicateRuleTests
{
    [Fact]
    public void every_write_model_that_starts_a_stream_names_its_duplicate_rule()
    {
        var models = typeof(IWriteModel).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IWriteModel)))
            // The account's relationships share the account's stream, which the designation starts (KeyAccount's rule).
            .Where(t => t != typeof(Kam.EventStore.Relationships.AccountRelationships))
            .ToList();
        models.Count.ShouldBeGreaterThan(5);
        models.Where(t => t.GetCustomAttributes(typeof(DuplicateRuleAttribute), false).Length == 0).Select(t => t.Name)
            .ShouldBeEmpty("each needs [DuplicateRule]");
    }

    [Fact]
    public void a_racing_duplicate_commitment_answers_duplicate_commitment()
    {
        var problem = ProblemExceptionHandler.Classify(new ExistingStreamIdCollisionException(Guid.NewGuid(), typeof(Commitment))).ShouldNotBeNull();
        problem.Status.ShouldBe(409);
        problem.Extensions["rule"].ShouldBe("duplicate-commitment");
    }
}
