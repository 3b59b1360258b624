using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Http;
using Wolverine.Middleware;
using Wolverine.Persistence.EventSourcing;

namespace Kam.EventStore.Api;

/// <summary>
/// A command on an existing stream: it may state the stream version it was decided on, as the body's <c>version</c> or as
/// <c>If-Match</c> (the ETag of a read). A mismatch is a 409 before anything is decided; a write that races past the check
/// still fails at commit, because the append asserts the version the stream was loaded at.
/// </summary>
public interface IExpectVersion
{
    /// <summary>
    /// The version the change was decided on (from a read's <c>version</c> or <c>ETag</c>). Optional; may also be sent as
    /// <c>If-Match</c>. A mismatch is refused with 409.
    /// </summary>
    long? Version { get; }
}

/// <summary>
/// A command that applies to a closed history too: erasing personal data, whose right outlives the account's designation.
/// </summary>
public interface IAppliesToClosedHistory;

/// <summary>A write model whose stream can close: then it takes no new facts (its history stays).</summary>
public interface IWriteModel
{
    /// <summary>The 409 answer when the stream takes no more facts (an ended designation, a closed commitment...); else null.</summary>
    ProblemDetails? Closed();
}

/// <summary>A write model that also says what a write to its stream answers.</summary>
/// <typeparam name="TAnswer">The answer: the stream, its version after the write, and the business time recorded.</typeparam>
public interface IWriteModel<out TAnswer> : IWriteModel
{
    /// <summary>
    /// The answer to a write that appended <paramref name="appended"/>, leaving the stream at <paramref name="version"/>;
    /// <paramref name="now"/> is the clock the request was decided with (a business time equal to it was defaulted).
    /// </summary>
    TAnswer Answer(long version, IReadOnlyList<object> appended, DateTimeOffset now);
}

/// <summary>
/// The ceremony of every write to an existing stream, applied to each endpoint by convention rather than written into it:
/// before the endpoint's own <c>Validate</c>, the expected version (body or <c>If-Match</c>) and whether the stream still
/// takes facts (<see cref="IWriteModel.Closed"/>); after its <c>Post</c> has returned the events, the answer, from the
/// loaded stream and the events appended (<see cref="IWriteModel{TAnswer}.Answer"/>). So a typical <c>Validate</c> takes the
/// command, the state and <c>now</c>, and a typical <c>Post</c> the command, the state, <c>now</c> and the caller, and returns
/// events. Applies to POSTs with a <c>[WriteAggregate]</c> parameter whose write model implements <see cref="IWriteModel"/>.
/// </summary>
public sealed class WriteConventions : IHttpPolicy
{
    private static readonly MethodInfo CheckVersion = typeof(StreamPreconditions).GetMethod(nameof(StreamPreconditions.Check))!;
    private static readonly MethodInfo CheckOpen = typeof(StreamPreconditions).GetMethod(nameof(StreamPreconditions.CheckOpen))!;
    private static readonly MethodInfo Answer = typeof(StreamPreconditions).GetMethod(nameof(StreamPreconditions.Answer))!;

    private static readonly string[] DecisionMethods = ["Load", "LoadAsync", "Before", "BeforeAsync", "Validate", "ValidateAsync"];

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            ClockNow.Unify(chain);
        }

        foreach (var chain in chains.Where(c => c.HttpMethods.Contains("POST")))
        {
            var state = chain.Method.Method.GetParameters()
                .FirstOrDefault(p => p.GetCustomAttributes().OfType<WriteModelAttribute>().Any())?.ParameterType;
            if (state is null || !state.IsAssignableTo(typeof(IWriteModel)))
            {
                continue;
            }

            var precondition = chain.RequestType is { } command && command.IsAssignableTo(typeof(IExpectVersion))
                ? new MethodCall(typeof(StreamPreconditions), CheckVersion.MakeGenericMethod(command, state))
                : new MethodCall(typeof(StreamPreconditions), CheckOpen.MakeGenericMethod(state));
            var at = chain.Middleware.FindIndex(f => f is MethodCall call && DecisionMethods.Contains(call.Method.Name));
            at = at < 0 ? chain.Middleware.Count : at;
            chain.Middleware.Insert(at, precondition);
            if (rules.TryFindContinuationHandler(chain, precondition, out var stop) && stop is not null)
            {
                chain.Middleware.Insert(at + 1, stop);
            }

            var answer = state.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IWriteModel<>));
            if (answer is not null && chain.ResourceType == typeof(void))
            {
                // The answer is read off the stream once the endpoint has appended its events, before the commit, so an
                // idempotent retry is answered with exactly what the first request answered.
                var call = new MethodCall(typeof(StreamPreconditions), Answer.MakeGenericMethod(state, answer.GetGenericArguments()[0]));
                call.Arguments[1] = ClockNow.Unify(chain) ?? new ClockNow().Create(typeof(DateTimeOffset));

                chain.UseForResponse(call);
                chain.Postprocessors.Remove(call);
                chain.Postprocessors.Insert(0, call);
            }
        }
    }
}

/// <summary>The checks and the answer <see cref="WriteConventions"/> wires into every write to an existing stream.</summary>
public static class StreamPreconditions
{
    /// <summary>
    /// The expected version, then whether the stream still takes facts. A stream that was not found is left to the endpoint's
    /// own not-found answer.
    /// </summary>
    public static ProblemDetails Check<TCommand, TState>(HttpContext context, TCommand command, IEventStream<TState> stream)
        where TCommand : IExpectVersion where TState : notnull
    {
        if (stream.Aggregate is null)
        {
            return Problems.None;
        }

        var expected = Api.ExpectedVersion.Check(context, command?.Version, stream.StartingVersion ?? 0);
        return Problems.Found(expected) || command is IAppliesToClosedHistory ? expected : CheckOpen(stream);
    }

    /// <summary>Whether the stream still takes facts.</summary>
    public static ProblemDetails CheckOpen<TState>(IEventStream<TState> stream) where TState : notnull =>
        stream.Aggregate is IWriteModel model && model.Closed() is { } closed ? closed : Problems.None;

    /// <summary>What the write answers: the write model's answer over the events the endpoint appended.</summary>
    public static TAnswer Answer<TState, TAnswer>(IEventStream<TState> stream, DateTimeOffset now) where TState : IWriteModel<TAnswer> =>
        stream.Aggregate!.Answer(stream.CurrentVersion ?? 0, [.. stream.Events.Select(e => e.Data)], now);
}

/// <summary>
/// <c>DateTimeOffset now</c> in an endpoint, its middleware or a message handler is the service's clock
/// (<see cref="TimeProvider"/>), so tests can move it. Wolverine's own default, which reads the system clock, is removed
/// (ServiceSetup), so nothing can read another clock by accident.
/// </summary>
public sealed class ClockNow : IVariableSource
{
    public bool Matches(Type type) => type == typeof(DateTimeOffset);

    public Variable Create(Type type)
    {
        var read = new MethodCall(typeof(TimeProvider), typeof(TimeProvider).GetMethod(nameof(TimeProvider.GetUtcNow))!);
        read.ReturnVariable!.OverrideName("now");
        return read.ReturnVariable;
    }

    /// <summary>
    /// Binds every method of the chain that takes <c>now</c> to one read of the clock (the variable source is asked once per
    /// method, and two reads in one request could straddle midnight); returns it, or null when nothing takes it.
    /// </summary>
    public static Variable? Unify(IChain chain)
    {
        Variable? now = null;
        foreach (var call in chain.Middleware.OfType<MethodCall>().Concat(chain.HandlerCalls()))
        {
            var parameters = call.Method.GetParameters();
            for (var i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].ParameterType == typeof(DateTimeOffset) && call.Arguments[i] is null or { Creator: MethodCall { Method.Name: nameof(TimeProvider.GetUtcNow) } })
                {
                    now ??= call.Arguments[i] ?? new ClockNow().Create(typeof(DateTimeOffset));
                    call.Arguments[i] = now;
                }
            }
        }

        // The reads the source created for the other methods are no longer used by anyone: drop them.
        chain.Middleware.RemoveAll(frame => frame is MethodCall { Method.Name: nameof(TimeProvider.GetUtcNow) } read && read.ReturnVariable != now);
        return now;
    }
}

/// <summary>Applies <see cref="ClockNow.Unify"/> to every chain: endpoints and message handlers.</summary>
public sealed class OneNowPerChain : IChainPolicy
{
    public void Apply(IReadOnlyList<IChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            ClockNow.Unify(chain);
        }
    }
}
