namespace Kam.EventStore.Domain;

/// <summary>
/// The steps of a hand-written fold, by event type: each type it folds has a step, and each type (or family of types) it
/// deliberately leaves alone is named. So a test can check that every account event is one or the other, and a new event type
/// cannot be forgotten silently by a view that should fold it.
/// </summary>
/// <typeparam name="TView">What is folded: a mutable view (the step changes it and returns it) or an immutable one (a new value).</typeparam>
public sealed class FoldSteps<TView>
{
    private readonly Dictionary<Type, Func<object, TView, TView>> _steps = [];
    private readonly List<Type> _ignored = [];

    /// <summary>Folds <typeparamref name="TEvent"/> with <paramref name="step"/>, which changes the view in place.</summary>
    public FoldSteps<TView> On<TEvent>(Action<TEvent, TView> step)
    {
        _steps.Add(typeof(TEvent), (e, view) =>
        {
            step((TEvent)e, view);
            return view;
        });
        return this;
    }

    /// <summary>Folds <typeparamref name="TEvent"/> with <paramref name="step"/>, which returns the new view.</summary>
    public FoldSteps<TView> On<TEvent>(Func<TEvent, TView, TView> step)
    {
        _steps.Add(typeof(TEvent), (e, view) => step((TEvent)e, view));
        return this;
    }

    /// <summary>Leaves events of <typeparamref name="TEvent"/> (a type, or an interface naming a family of them) as they are.</summary>
    public FoldSteps<TView> Ignore<TEvent>()
    {
        _ignored.Add(typeof(TEvent));
        return this;
    }

    /// <summary>The event types folded.</summary>
    public IReadOnlyCollection<Type> Folded => _steps.Keys;

    /// <summary>True when <paramref name="eventType"/> is deliberately left alone (itself or by its family).</summary>
    public bool Ignores(Type eventType) => _ignored.Any(ignored => ignored.IsAssignableFrom(eventType));

    /// <summary>The view after <paramref name="e"/>: its step's result, or the view as it was for an event without a step.</summary>
    public TView Apply(object e, TView view) => _steps.TryGetValue(e.GetType(), out var step) ? step(e, view) : view;
}
