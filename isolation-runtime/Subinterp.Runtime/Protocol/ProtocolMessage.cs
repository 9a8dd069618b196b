using System.Text.Json.Serialization;

namespace Subinterp.Runtime.Protocol;

/// <summary>
/// A message of the worker protocol (PROTOCOL.md): one record per "type", each with the fields of
/// that type and no other. On the wire a message is one JSON object a line whose "type" names the
/// record; the Python driver has one class per message it writes (subinterp_driver/protocol.py).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ConfigureMessage), ProtocolMessageTypes.Configure)]
[JsonDerivedType(typeof(RunMessage), ProtocolMessageTypes.Run)]
[JsonDerivedType(typeof(CanaryMessage), ProtocolMessageTypes.Canary)]
[JsonDerivedType(typeof(ShutdownMessage), ProtocolMessageTypes.Shutdown)]
[JsonDerivedType(typeof(HelloMessage), ProtocolMessageTypes.Hello)]
[JsonDerivedType(typeof(ChannelMessage), ProtocolMessageTypes.Channel)]
[JsonDerivedType(typeof(InterpCreatedMessage), ProtocolMessageTypes.InterpCreated)]
[JsonDerivedType(typeof(InterpFailedMessage), ProtocolMessageTypes.InterpFailed)]
[JsonDerivedType(typeof(InterpEndingMessage), ProtocolMessageTypes.InterpEnding)]
[JsonDerivedType(typeof(ModuleDoneMessage), ProtocolMessageTypes.ModuleDone)]
[JsonDerivedType(typeof(CanaryDoneMessage), ProtocolMessageTypes.CanaryDone)]
[JsonDerivedType(typeof(LeakMessage), ProtocolMessageTypes.Leak)]
[JsonDerivedType(typeof(LeaksSettledMessage), ProtocolMessageTypes.LeaksSettled)]
[JsonDerivedType(typeof(ExtensionEffectMessage), ProtocolMessageTypes.ExtensionEffect)]
[JsonDerivedType(typeof(SharedGilImportMessage), ProtocolMessageTypes.SharedGilImport)]
[JsonDerivedType(typeof(ExtensionDeclaredMessage), ProtocolMessageTypes.ExtensionDeclared)]
[JsonDerivedType(typeof(LifecycleMessage), ProtocolMessageTypes.Lifecycle)]
[JsonDerivedType(typeof(ModuleStartMessage), ProtocolMessageTypes.ModuleStart)]
[JsonDerivedType(typeof(CollectedMessage), ProtocolMessageTypes.Collected)]
[JsonDerivedType(typeof(TestStartMessage), ProtocolMessageTypes.TestStart)]
[JsonDerivedType(typeof(TestEndMessage), ProtocolMessageTypes.TestEnd)]
[JsonDerivedType(typeof(UnsafeImportMessage), ProtocolMessageTypes.UnsafeImport)]
[JsonDerivedType(typeof(AbsorbedImportMessage), ProtocolMessageTypes.AbsorbedImport)]
[JsonDerivedType(typeof(ExtensionRefusedMessage), ProtocolMessageTypes.ExtensionRefused)]
[JsonDerivedType(typeof(ModuleErrorMessage), ProtocolMessageTypes.ModuleError)]
[JsonDerivedType(typeof(ModuleEndMessage), ProtocolMessageTypes.ModuleEnd)]
[JsonDerivedType(typeof(TimeoutMessage), ProtocolMessageTypes.Timeout)]
[JsonDerivedType(typeof(HookFailedMessage), ProtocolMessageTypes.HookFailed)]
[JsonDerivedType(typeof(CrossCheckMessage), ProtocolMessageTypes.CrossCheck)]
[JsonDerivedType(typeof(CodeEffectsMessage), ProtocolMessageTypes.CodeEffects)]
public abstract record ProtocolMessage
{
    /// <summary>The protocol's version: configure and the worker's hello carry it; the driver (protocol.py) says the same.</summary>
    public const int Version = 3;
}

/// <summary>A message about one module run: the worker slot it runs on and the orchestrator's id for the run.</summary>
public abstract record SlotMessage : ProtocolMessage
{
    /// <summary>The worker slot (a slot thread of the worker, with its own event channel).</summary>
    public required int Slot { get; init; }

    /// <summary>The orchestrator's id for the module run.</summary>
    public required int Seq { get; init; }
}

/// <summary>A message the driver writes from inside the module's interpreter.</summary>
public abstract record DriverEvent : SlotMessage
{
    /// <summary>time.monotonic() seconds when it was written: one clock for every interpreter of the process.</summary>
    public double? T { get; init; }
}
