// Subinterp drives CPython through libc and Linux process APIs; its tests run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
