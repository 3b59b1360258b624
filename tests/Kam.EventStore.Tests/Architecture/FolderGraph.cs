using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Kam.EventStore.Tests.Architecture;

/// <summary>
/// Which area folders (namespaces <c>Kam.EventStore.&lt;Area&gt;</c>) use which, read from the compiled service assembly's
/// metadata: a type of area A that names a type of area B anywhere (base type, interfaces, attributes, fields, properties,
/// signatures, generic arguments and constraints, locals, and every type, method and field token in its method bodies) makes
/// A depend on B. Compiler-generated types (closures, state machines) count for the type they are nested in. Wolverine's
/// generated code (<c>Internal.Generated</c>) and anything outside <c>Kam.EventStore.*</c> is left out: it is wiring made
/// from the areas, not a dependency between them. Reads metadata only, so it works on any build of the service.
/// </summary>
public sealed class FolderGraph
{
    private const string Root = "Kam.EventStore.";

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private FolderGraph(IReadOnlyDictionary<(string From, string To), SortedSet<string>> edges) => Edges = edges;

    /// <summary>Every dependency between two different areas, with the types that make it ("Type -> Type").</summary>
    public IReadOnlyDictionary<(string From, string To), SortedSet<string>> Edges { get; }

    public IReadOnlyList<string> Areas => Edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal).ToList();

    public static FolderGraph Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var edges = new Dictionary<(string, string), SortedSet<string>>();
        foreach (var handle in md.TypeDefinitions)
        {
            var (area, name) = AreaOf(md, handle);
            if (area is null)
            {
                continue;
            }

            var uses = new Uses(md);
            uses.Type(handle, pe);
            foreach (var used in uses.Found)
            {
                var (other, otherName) = AreaOf(md, used);
                if (other is not null && other != area)
                {
                    var key = (area, other);
                    if (!edges.TryGetValue(key, out var why))
                    {
                        edges[key] = why = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    why.Add($"{name} -> {otherName}");
                }
            }
        }

        return new FolderGraph(edges);
    }

    /// <summary>The area of a type (its outermost declaring type's namespace, first part after <c>Kam.EventStore.</c>), or null.</summary>
    private static (string? Area, string Name) AreaOf(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = md.GetTypeDefinition(outer);
        }

        var ns = md.GetString(type.Namespace);
        var name = md.GetString(type.Name);
        if (!ns.StartsWith(Root, StringComparison.Ordinal) || name.StartsWith('<'))
        {
            return (null, name);
        }

        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? rest : rest[..dot], name);
    }

    /// <summary>The cycles: each set of areas (two or more) that reach each other, ignoring the given edges.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles(IEnumerable<(string From, string To)> ignoring)
    {
        var ignored = ignoring.ToHashSet();
        var next = Areas.ToDictionary(a => a, a => Edges.Keys.Where(e => e.From == a && !ignored.Contains(e)).Select(e => e.To).ToList());

        // Tarjan's strongly connected components.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var found = new List<IReadOnlyList<string>>();
        void Visit(string v)
        {
            var order = index.Count;
            index[v] = order;
            low[v] = order;
            stack.Push(v);
            foreach (var w in next[v])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);

                if (component.Count > 1)
                {
                    found.Add(component.Order(StringComparer.Ordinal).ToList());
                }
            }
        }

        foreach (var area in Areas.Where(a => !index.ContainsKey(a)))
        {
            Visit(area);
        }

        return found;
    }

    /// <summary>The matrix as text: a row per area, an <c>x</c> where the row's area uses the column's.</summary>
    public string Matrix()
    {
        var areas = Areas;
        var width = areas.Max(a => a.Length);
        var lines = new List<string> { new string(' ', width + 4) + string.Join(" ", areas.Select((_, i) => $"{i + 1,2}")) };
        lines.AddRange(areas.Select((a, i) => $"{i + 1,2} {a.PadRight(width)} " +
            string.Join(" ", areas.Select(b => Edges.ContainsKey((a, b)) ? " x" : " ."))));
        return string.Join('\n', lines);
    }

    /// <summary>Collects the own types (definitions) that one type names.</summary>
    private sealed class Uses(MetadataReader md) : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>,
        ICustomAttributeTypeProvider<ImmutableArray<TypeDefinitionHandle>>
    {
        private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public HashSet<TypeDefinitionHandle> Found { get; } = [];

        public void Type(TypeDefinitionHandle handle, PEReader pe)
        {
            var type = md.GetTypeDefinition(handle);
            Handle(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
            {
                Handle(md.GetInterfaceImplementation(i).Interface);
            }

            Attributes(type.GetCustomAttributes());
            GenericParameters(type.GetGenericParameters());
            foreach (var f in type.GetFields())
            {
                var field = md.GetFieldDefinition(f);
                Add(field.DecodeSignature(this, null));
                Attributes(field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var property = md.GetPropertyDefinition(p);
                var signature = property.DecodeSignature(this, null);
                Add(signature.ReturnType);
                signature.ParameterTypes.ToList().ForEach(Add);
                Attributes(property.GetCustomAttributes());
            }

            foreach (var e in type.GetEvents())
            {
                var definition = md.GetEventDefinition(e);
                Handle(definition.Type);
                Attributes(definition.GetCustomAttributes());
            }

            foreach (var m in type.GetMethods())
            {
                Method(m, pe);
            }
        }

        private void Method(MethodDefinitionHandle handle, PEReader pe)
        {
            var method = md.GetMethodDefinition(handle);
            Signature(method.DecodeSignature(this, null));
            Attributes(method.GetCustomAttributes());
            GenericParameters(method.GetGenericParameters());
            foreach (var p in method.GetParameters())
            {
                Attributes(md.GetParameter(p).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null).ToList().ForEach(Add);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                switch (Operands[code])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                        Handle(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSig:
                        var sig = (StandaloneSignatureHandle)MetadataTokens.EntityHandle(il.ReadInt32());
                        Signature(md.GetStandaloneSignature(sig).DecodeMethodSignature(this, null));
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineString or OperandType.ShortInlineR:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    default:
                        break;
                }
            }
        }

        private void Handle(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Found.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    Add(md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null));
                    break;
                case HandleKind.MethodDefinition:
                    var method = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    Found.Add(method.GetDeclaringType());
                    Signature(method.DecodeSignature(this, null));
                    break;
                case HandleKind.FieldDefinition:
                    var field = md.GetFieldDefinition((FieldDefinitionHandle)handle);
                    Found.Add(field.GetDeclaringType());
                    Add(field.DecodeSignature(this, null));
                    break;
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    Handle(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        Signature(member.DecodeMethodSignature(this, null));
                    }
                    else
                    {
                        Add(member.DecodeFieldSignature(this, null));
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Handle(specification.Method);
                    specification.DecodeSignature(this, null).ToList().ForEach(Add);
                    break;
                default:
                    break;
            }
        }

        private void Signature(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature)
        {
            Add(signature.ReturnType);
            signature.ParameterTypes.ToList().ForEach(Add);
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var p in parameters)
            {
                var parameter = md.GetGenericParameter(p);
                Attributes(parameter.GetCustomAttributes());
                foreach (var c in parameter.GetConstraints())
                {
                    Handle(md.GetGenericParameterConstraint(c).Type);
                }
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                var attribute = md.GetCustomAttribute(a);
                Handle(attribute.Constructor);
                try
                {
                    var value = attribute.DecodeValue(this);
                    value.FixedArguments.Select(x => x.Value).Concat(value.NamedArguments.Select(x => x.Value)).ToList().ForEach(Value);
                }
                catch (BadImageFormatException)
                {
                    // An argument of an enum type from another assembly, whose size the metadata alone does not give: such an
                    // argument names no type of ours.
                }
            }
        }

        private void Value(object? value)
        {
            switch (value)
            {
                case ImmutableArray<TypeDefinitionHandle> types:
                    Add(types);
                    break;
                case IEnumerable<CustomAttributeTypedArgument<ImmutableArray<TypeDefinitionHandle>>> items:
                    items.Select(i => i.Value).ToList().ForEach(Value);
                    break;
                default:
                    break;
            }
        }

        private void Add(ImmutableArray<TypeDefinitionHandle> types)
        {
            if (!types.IsDefault)
            {
                Found.UnionWith(types);
            }
        }

        private static ImmutableArray<TypeDefinitionHandle> Union(IEnumerable<ImmutableArray<TypeDefinitionHandle>> parts) =>
            [.. parts.Where(p => !p.IsDefault).SelectMany(p => p).Distinct()];

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            Union(signature.ParameterTypes.Append(signature.ReturnType));

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType,
            ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) => Union(typeArguments.Prepend(genericType));

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier,
            ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        // A type of another assembly: never one of ours.
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext,
            TypeSpecificationHandle handle, byte rawTypeKind) => reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeDefinitionHandle> GetSystemType() => None;

        public bool IsSystemType(ImmutableArray<TypeDefinitionHandle> type) => false;

        // typeof(X) in an attribute argument is stored as X's name.
        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSerializedName(string name)
        {
            var full = name.Split(',')[0].Split('[')[0].Split('+')[0];
            return [.. md.TypeDefinitions.Where(t =>
            {
                var type = md.GetTypeDefinition(t);
                return type.GetDeclaringType().IsNil && full == $"{md.GetString(type.Namespace)}.{md.GetString(type.Name)}";
            })];
        }

        // Enums of other assemblies in attribute arguments are taken as int, their usual underlying type.
        public PrimitiveTypeCode GetUnderlyingEnumType(ImmutableArray<TypeDefinitionHandle> type) => PrimitiveTypeCode.Int32;
    }
}
