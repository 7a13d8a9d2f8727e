"""Translates a SAM template (JSON on stdin) to CloudFormation (JSON on stdout) with
aws-sam-translator, the library cfn-lint uses for SAM templates. Used by the tests that compare
lambdaform's SAM and CloudFormation outputs; managed policy names are not looked up (no AWS
access), as cfn-lint does."""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.parser import parser  # noqa: E402
from samtranslator.translator.translator import Translator  # noqa: E402
from samtranslator.model.exceptions import InvalidDocumentException  # noqa: E402


def localize(template: dict) -> None:
    """Local CodeUri/ContentUri paths (what `sam build` takes) become S3 URIs, as cfn-lint does
    before translating: the translator itself only accepts S3 locations."""
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
                props[key] = "s3://lambdaform-local-assets/" + props[key].strip("./")


def translate(template: dict) -> dict:
    """SAM's CloudFormation template, or {"errors": [...]} when SAM refuses the template."""
    localize(template)
    translator = Translator(managed_policy_map={}, sam_parser=parser.Parser())
    try:
        return translator.translate(sam_template=template, parameter_values={"AWS::Region": "us-east-1", "AWS::Partition": "aws"})
    except InvalidDocumentException as e:
        return {"errors": [str(x) for x in e.causes]}


def main() -> int:
    """One template, or {"batch": [templates]} (one Python start for many): the translations, in order."""
    request = json.load(sys.stdin)
    if isinstance(request, dict) and "batch" in request and "Resources" not in request:
        print(json.dumps([translate(t) for t in request["batch"]], sort_keys=True, default=str))
        return 0
    out = translate(request)
    print(json.dumps(out, sort_keys=True, default=str))
    return 1 if "errors" in out else 0


if __name__ == "__main__":
    sys.exit(main())
