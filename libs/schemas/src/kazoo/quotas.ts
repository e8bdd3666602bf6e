// Tollgate's `quotas` (NGNPro credits; Kazoo has no such document): the maximum count per kind of
// record an account and everything below it may hold. A kind left out is unlimited; any other key
// is refused, so a misspelt kind is not silently unlimited.

const maximum = (description: string) => ({ type: 'integer', minimum: 0, maximum: 1_000_000_000, description }) as const;

export const quotasSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    accounts: maximum('Sub-accounts at any depth (NGNPro customers, DNS zones)'),
    users: maximum('Users (NGNPro aliases, e-mail)'),
    devices: maximum('Devices (NGNPro SIP accounts)'),
    phone_numbers: maximum('Numbers held: reserved, in service or porting in (NGNPro ENUM numbers)'),
  },
} as const;
