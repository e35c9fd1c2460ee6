import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, type GraphQLSchema } from 'graphql';
import { invalidVariables, variableFieldErrors } from '../guards/graphql-rules';

/**
 * Runs Apollo Server's validated operations with graphql-js, coercing the variables once: by the
 * execution itself. When they do not fit their types, the execution's own messages (which repeat
 * the values sent: bodies, subjects, emails) are replaced by field errors built from the schema
 * alone (`variableFieldErrors`), as the WebSocket transport reports them. Checking the variables
 * before executing would coerce every request's variables twice to catch the few that fail.
 *
 * Apollo Server 5 takes an executor only through its gateway interface: this one serves the
 * schema as it is (no supergraph, no updates).
 */
export function checkedExecution(schema: GraphQLSchema): GatewayInterface {
  const executor: GatewayExecutor = async ({
    document,
    operation,
    operationName,
    request,
    context,
  }) => {
    const variables = request.variables;
    const result = await execute({
      schema,
      document,
      operationName,
      variableValues: variables,
      contextValue: context,
    });
    // Only a refusal before any field ran comes without `data`: the variables did not coerce.
    if (!('data' in result) && result.errors?.length) {
      const fieldErrors = variableFieldErrors(schema, operation, variables);
      if (fieldErrors.length > 0) throw invalidVariables(fieldErrors);
    }
    return result;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: async () => ({ executor }),
    stop: async () => undefined,
  };
}
