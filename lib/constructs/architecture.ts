/** The instruction set of a function (or the ones a layer supports). */
export class Architecture {
  public static readonly X86_64 = new Architecture('x86_64');
  public static readonly ARM_64 = new Architecture('arm64');
  private constructor(public readonly name: 'x86_64' | 'arm64') {}
}
