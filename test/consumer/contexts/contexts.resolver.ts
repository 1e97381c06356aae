import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, type Principal, Public, Roles } from '@warden/nest-auth';

@ObjectType()
export class Viewer {
  @Field()
  sub!: string;

  @Field(() => [String])
  roles!: string[];
}

/** Resolvers under the app's global WardenAuthGuard: one per kind of requirement. */
@Resolver(() => Viewer)
export class ContextsResolver {
  @Query(() => Viewer)
  me(@CurrentUser() user: Principal): Viewer {
    return { sub: user.sub, roles: [...user.roles] };
  }

  @Roles('admin')
  @Query(() => String)
  adminReport(@CurrentUser('sub') sub: string): string {
    return `report for ${sub}`;
  }

  @Public()
  @Query(() => String)
  status(): string {
    return 'up';
  }
}
