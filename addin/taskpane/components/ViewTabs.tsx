import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Overflow,
  OverflowItem,
  Tab,
  TabList,
  useIsOverflowItemVisible,
  useOverflowMenu,
} from '@fluentui/react-components';

export interface ViewTab<Name extends string> {
  readonly name: Name;
  readonly label: string;
}

/**
 * The pane's view tabs. Those that do not fit the pane's width fold into a *More* menu at the end (Excel's task
 * pane can be as narrow as 320 px); the selected tab always stays in the strip.
 *
 * @example
 * <ViewTabs tabs={[{ name: 'check', label: 'Check' }, …]} selected="check" onSelect={setTab} />
 */
export function ViewTabs<Name extends string>({ tabs, selected, onSelect }: { tabs: readonly ViewTab<Name>[]; selected: Name; onSelect: (name: Name) => void }) {
  return (
    <Overflow minimumVisible={2}>
      <TabList size="small" selectedValue={selected} onTabSelect={(_, d) => onSelect(d.value as Name)} aria-label="Views">
        {tabs.map((tab) => (
          <OverflowItem key={tab.name} id={tab.name} priority={tab.name === selected ? 2 : 1}>
            <Tab value={tab.name}>{tab.label}</Tab>
          </OverflowItem>
        ))}
        <MoreViews tabs={tabs} onSelect={onSelect} />
      </TabList>
    </Overflow>
  );
}

function MoreViews<Name extends string>({ tabs, onSelect }: { tabs: readonly ViewTab<Name>[]; onSelect: (name: Name) => void }) {
  const { ref, isOverflowing, overflowCount } = useOverflowMenu<HTMLButtonElement>();
  if (!isOverflowing) return null;
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button ref={ref} appearance="transparent" size="small" aria-label={`More views (${overflowCount})`}>
          More ▾
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {tabs.map((tab) => (
            <HiddenView key={tab.name} tab={tab} onSelect={onSelect} />
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

function HiddenView<Name extends string>({ tab, onSelect }: { tab: ViewTab<Name>; onSelect: (name: Name) => void }) {
  const visible = useIsOverflowItemVisible(tab.name);
  if (visible) return null;
  return <MenuItem onClick={() => onSelect(tab.name)}>{tab.label}</MenuItem>;
}
