// Wraps every route of the given modules so that its route-policy level is checked before its handler.
import type { CrossbarModule } from '../core/types';
import { requireAccessLevel } from './access';
import { accessLevelOf } from './route-policy';

export function withRoutePolicy(module: CrossbarModule): CrossbarModule {
  return {
    name: module.name,
    routes: (deps) =>
      module.routes(deps).map((spec) => {
        const level = accessLevelOf(spec.method, spec.path, spec.auth);
        return {
          ...spec,
          handler: (ctx) => {
            requireAccessLevel(ctx, level);
            return spec.handler(ctx);
          },
        };
      }),
  };
}
