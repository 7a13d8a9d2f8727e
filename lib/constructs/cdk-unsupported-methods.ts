/**
 * Installs the aws-cdk-lib methods lambdaform does not implement (lib/core/cdk-unsupported-methods.ts)
 * on the classes, so a call from plain JavaScript is refused with the supported way. A side-effect
 * module: imported once by lib/constructs/index.ts (and by the package's entry points), after
 * every class it names is defined.
 */
import { App } from '../core/app.js';
import { installCdkUnsupportedMethods } from '../core/cdk-unsupported-methods.js';
import { Resource } from '../core/resource.js';
import { Stack } from '../core/stack.js';
import { Alias } from './alias.js';
import { Bucket } from './bucket.js';
import { FunctionBase } from './function-base.js';
import { Function } from './function.js';
import { HttpApi } from './http-api.js';
import { Role } from './iam.js';
import { LayerVersion } from './layer.js';
import { LogGroup } from './logs.js';
import { Queue } from './queue.js';
import { Rule } from './rule.js';
import { Stream } from './stream.js';
import { Table } from './table.js';
import { Topic } from './topic.js';
import { Version } from './version.js';

installCdkUnsupportedMethods({ FunctionBase, Function, Alias, Version, LayerVersion, Queue, Topic, Bucket, Table, Stream, Rule, HttpApi, Role, LogGroup, Resource, Stack, App });
