import jsyaml from 'js-yaml';
const text = `Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      Name: !Ref P
      Arn: !GetAtt A.Arn
      List:
        - a
        - !Sub x
      Empty:
      Flow: {a: 1, b: [x, y]}
`;
const types = ['Ref','GetAtt','Sub'].flatMap((t) => (['scalar','sequence','mapping'] as const).map((kind) => new jsyaml.Type('!' + t, { kind, construct: (d: unknown) => ({ [t]: d }) })));
const schema = jsyaml.FAILSAFE_SCHEMA.extend(types);
let depth = 0;
jsyaml.load(text, { schema, listener: function (ev: string, st: any) {
  if (ev === 'close') depth--;
  console.log('  '.repeat(depth) + ev, st.position, `L${st.line + 1}:C${st.position - st.lineStart + 1}`, ev === 'close' ? JSON.stringify(st.result) + ' kind=' + st.kind + ' tag=' + st.tag : '');
  if (ev === 'open') depth++;
} } as any);
